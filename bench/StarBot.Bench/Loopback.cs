using System.Net.Sockets;

namespace StarBot.Bench;

/// <summary>Ports and readiness for the processes the harnesses start on loopback.</summary>
public static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="url"/> answers anything below 500, at most 30 seconds.</summary>
    public static async Task WaitReadyAsync(string url)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((int)(await http.GetAsync(url)).StatusCode < 500)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} did not come up");
    }
}
