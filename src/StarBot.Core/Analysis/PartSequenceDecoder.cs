namespace StarBot.Core.Analysis;

/// <summary>
/// Viterbi decoding of the most likely part for each segment, given the scorer's probabilities and how answers
/// move between parts: mostly forward (S, T, A, R), sometimes skipping one, rarely back.
/// </summary>
public static class PartSequenceDecoder
{
    private const int Parts = 4;

    private static readonly double[,] Transition = BuildTransitions();

    private static readonly double[] Start = [Math.Log(0.55), Math.Log(0.2), Math.Log(0.2), Math.Log(0.05)];

    public static int[] Decode(double[,] p, int n)
    {
        var path = new int[n];
        if (n == 0)
        {
            return path;
        }

        var score = new double[n, Parts];
        var back = new int[n, Parts];
        for (var k = 0; k < Parts; k++)
        {
            score[0, k] = Start[k] + Math.Log(p[0, k] + 1e-9);
        }

        for (var i = 1; i < n; i++)
        {
            for (var k = 0; k < Parts; k++)
            {
                var bestScore = double.NegativeInfinity;
                var bestFrom = 0;
                for (var j = 0; j < Parts; j++)
                {
                    var s = score[i - 1, j] + Transition[j, k];
                    if (s > bestScore)
                    {
                        bestScore = s;
                        bestFrom = j;
                    }
                }

                score[i, k] = bestScore + Math.Log(p[i, k] + 1e-9);
                back[i, k] = bestFrom;
            }
        }

        var last = 0;
        for (var k = 1; k < Parts; k++)
        {
            if (score[n - 1, k] > score[n - 1, last])
            {
                last = k;
            }
        }

        for (var i = n - 1; i >= 0; i--)
        {
            path[i] = last;
            last = back[i, last];
        }

        return path;
    }

    private static double[,] BuildTransitions()
    {
        var t = new double[Parts, Parts];
        for (var from = 0; from < Parts; from++)
        {
            for (var to = 0; to < Parts; to++)
            {
                t[from, to] = Math.Log(to == from ? 0.6 : to == from + 1 ? 0.3 : to > from ? 0.08 : 0.04);
            }
        }

        return t;
    }
}
