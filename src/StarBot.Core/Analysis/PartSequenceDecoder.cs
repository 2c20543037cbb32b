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

/// <summary>
/// How much an answer needs each part: the answer is read as one pass through the parts in order (S, T, A, R, any
/// of them skipped), each segment taking the part of the stretch it sits in, and a new paragraph being where a new
/// part most likely starts. A part's need is how much less likely the best such reading becomes when that part may
/// not be used: near zero when the segments it took are as well explained by their neighbours (a stray "I had to"
/// inside the actions), large when a whole stretch of the answer is that part.
/// </summary>
public static class PartNeed
{
    private const int Parts = 4;

    // Inside a paragraph a story mostly stays in its part; at a paragraph break it mostly moves on.
    private static readonly double StayInParagraph = Math.Log(0.85);
    private static readonly double MoveInParagraph = Math.Log(0.15);
    private static readonly double StayAcrossParagraphs = Math.Log(0.35);
    private static readonly double MoveAcrossParagraphs = Math.Log(0.65);

    /// <summary>Fills <paramref name="need"/> (one log-likelihood ratio per part, at least 0) and <paramref name="share"/> (segments read as the part).</summary>
    public static void Measure(double[,] p, IReadOnlyList<Segment> segments, Span<double> need, Span<double> share)
    {
        var n = segments.Count;
        need.Clear();
        share.Clear();
        if (n == 0)
        {
            return;
        }

        var best = Best(p, segments, -1, share);
        for (var k = 0; k < Parts; k++)
        {
            need[k] = best - Best(p, segments, k, default);
            share[k] /= n;
        }
    }

    /// <summary>The best reading's log-likelihood with part <paramref name="banned"/> not used; fills the parts' segment counts when asked.</summary>
    private static double Best(double[,] p, IReadOnlyList<Segment> segments, int banned, Span<double> counts)
    {
        var n = segments.Count;
        Span<double> score = stackalloc double[Parts];
        Span<double> next = stackalloc double[Parts];
        var back = counts.IsEmpty ? null : new int[n, Parts];
        for (var k = 0; k < Parts; k++)
        {
            score[k] = k == banned ? double.NegativeInfinity : Emission(p, 0, k);
        }

        for (var i = 1; i < n; i++)
        {
            var newParagraph = segments[i].Paragraph != segments[i - 1].Paragraph;
            var stay = newParagraph ? StayAcrossParagraphs : StayInParagraph;
            var move = newParagraph ? MoveAcrossParagraphs : MoveInParagraph;
            for (var k = 0; k < Parts; k++)
            {
                var bestScore = double.NegativeInfinity;
                var bestFrom = 0;
                for (var j = 0; j <= k; j++)
                {
                    var s = score[j] + (j == k ? stay : move);
                    if (s > bestScore)
                    {
                        bestScore = s;
                        bestFrom = j;
                    }
                }

                next[k] = k == banned ? double.NegativeInfinity : bestScore + Emission(p, i, k);
                if (back is not null)
                {
                    back[i, k] = bestFrom;
                }
            }

            next.CopyTo(score);
        }

        var last = 0;
        for (var k = 1; k < Parts; k++)
        {
            last = score[k] > score[last] ? k : last;
        }

        if (back is not null)
        {
            for (var i = n - 1; i >= 0; i--)
            {
                counts[last]++;
                last = i > 0 ? back[i, last] : last;
            }
        }

        return score.ToArray().Max();
    }

    /// <summary>The part's share of the segment's STAR probability: a segment that is no part at all counts for none in particular.</summary>
    private static double Emission(double[,] p, int i, int k)
    {
        var total = p[i, 0] + p[i, 1] + p[i, 2] + p[i, 3];
        return Math.Log((p[i, k] + 1e-3) / (total + 4e-3));
    }
}
