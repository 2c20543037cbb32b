using StarBot.Core.Content;

namespace StarBot.Core.Analysis;

/// <summary>
/// One unit of an answer that gets a STAR label: a sentence, a bullet note, or a clause of a run-on sentence.
/// </summary>
/// <param name="Text">The words as the person wrote them, without bullet marks or labels.</param>
/// <param name="Paragraph">Which paragraph (blank-line separated block) it sits in, from 0.</param>
/// <param name="Label">The part the writer labelled it with ("Situation:", "**T:**"), if any.</param>
/// <param name="Bullet">Whether it was written as a bullet note.</param>
public sealed record Segment(string Text, int Paragraph, StarPart? Label, bool Bullet);
