using BenchmarkDotNet.Attributes;
using StarBot.Core.Analysis;

namespace StarBot.Bench;

/// <summary>Analysis of a 300-word answer after warm-up (the model is trained once in GlobalSetup).</summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private StarAnalyzer _analyzer = null!;
    private string _answer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _analyzer = new StarAnalyzer();
        _answer = Answer300Words;
        _analyzer.Analyze(_answer);
    }

    [Benchmark]
    public int Analyze300Words() => _analyzer.Analyze(_answer).Feedback.Count;

    public const string Answer300Words =
        "At my last job I was a backend engineer on the payments team at a mid-sized online retailer. During the holiday season our checkout service " +
        "started timing out for about one in twenty customers at peak hours, and support was getting dozens of complaints every day. Nobody owned the " +
        "problem because it crossed three services. My task was to find the root cause and get the timeout rate under half a percent before Black Friday, " +
        "which was three weeks away. I started by pulling traces for a week of failed requests and lining them up against deploys and traffic. I noticed " +
        "that every spike matched a batch job that rebuilt the product search index and saturated the shared database. I wrote a short proposal with the " +
        "graphs and walked each team lead through it separately, because a big meeting would have turned into a debate about blame. I then moved the batch " +
        "job to a read replica, added a connection pool limit to checkout, and paired with Priya from the search team to split the rebuild into smaller " +
        "chunks that ran overnight. I also added an alert on pool wait time so we would see the next problem before customers did. Finally I wrote a runbook " +
        "and presented it at the weekly engineering review so the on-call engineers knew what to check first. As a result the timeout rate fell from five " +
        "percent to 0.2 percent within ten days, and Black Friday ran without a single checkout incident. Support tickets about failed payments dropped by " +
        "eighty percent, which the support lead estimated saved her team about twenty hours a week. Looking back, I learned that the technical fix was the " +
        "easy part; getting three teams to agree quickly was the real work, and next time I would involve the search team on day one instead of week two.";
}
