namespace Indexer.Analysis.Gujarati;

/// <summary>Which vowels a phonetic key keeps.</summary>
public enum KeyVowels
{
    /// <summary>No vowels: the key is the consonant skeleton.</summary>
    None,

    /// <summary>Only a word-initial vowel, as one of five classes (a, i, u, e, o).</summary>
    Initial,

    /// <summary>A word-initial vowel as present or not, whatever its quality.</summary>
    InitialPresence,

    /// <summary>Every vowel class except a (which Latin typing cannot tell from the inherent vowel) and a final vowel (which the stemmer removes from Gujarati words).</summary>
    All,

    /// <summary>
    /// Every vowel class, a and a final vowel too: not loose enough to match by (typists disagree on vowels), but
    /// what tells rashiya's રશિયા from રસ and રસી, which share its looser keys.
    /// </summary>
    Every,
}

/// <summary>How a key treats n, m and anusvara before a consonant.</summary>
public enum KeyNasals
{
    /// <summary>Anusvara is n; n and m stay as they are.</summary>
    Keep,

    /// <summary>
    /// A nasal written right before a stop (anusvara, or n or m with no vowel letter between) is dropped, as
    /// typists write anusvara as n, m or nothing (chutni, chuntni: ચૂંટણી); anusvara elsewhere is n.
    /// </summary>
    Written,

    /// <summary>
    /// Judged on the consonant skeleton, after the vowels are gone: n, m and anusvara before another consonant are
    /// all n, so the anusvara typed as n or m (trump, ટ્રંપ) and a nasal whose vowel typists leave out (amdavad,
    /// અમદાવાદ) fold alike. Nothing is dropped: the anusvara typed as nothing is left to a vowel key with
    /// <see cref="Written"/>.
    /// </summary>
    Merge,

    /// <summary>
    /// As <see cref="Written"/>, but judged on the consonant skeleton, after the vowels are gone, so a nasal
    /// whose vowel typists leave out (amdavad for અમદાવાદ) folds the same way; before any other consonant n,
    /// m and anusvara are all n. A word's first letter is never dropped.
    /// </summary>
    Skeleton,
}

/// <summary>
/// The folds of <see cref="GujaratiPhoneticKey"/>. The defaults are the measured best on the development set
/// (see the README); the others exist for ablation.
/// </summary>
public sealed record GujaratiPhoneticKeyOptions
{
    /// <summary>Which vowels survive in the key.</summary>
    public KeyVowels Vowels { get; init; } = KeyVowels.InitialPresence;

    /// <summary>ખ/ક, ઘ/ગ, છ/ચ, ઝ/જ, ઠ/ટ, થ/ત, ધ/દ, ભ/બ as one letter: typists drop or double the h.</summary>
    public bool MergeAspirates { get; init; } = true;

    /// <summary>ટ/ત, ડ/દ, ણ/ન, ળ/લ as one letter: Latin has one t, one d, one n and one l.</summary>
    public bool MergeRetroflex { get; init; } = true;

    /// <summary>શ, ષ and સ as one letter: sh and s are typed for all three.</summary>
    public bool MergeSibilants { get; init; } = true;

    /// <summary>ઝ (and Latin z) as જ: jh, z and j are typed for both.</summary>
    public bool MergeZWithJ { get; init; } = true;

    /// <summary>How nasals before consonants are folded.</summary>
    public KeyNasals Nasals { get; init; } = KeyNasals.Skeleton;

    /// <summary>
    /// English spelling rules for names and loanwords: c as k or s, ck, ph as f, x as ks, qu as kv, -tion and
    /// -sion, silent initial letters (kn, ps, ts, wr), eu and a word-initial u as yu.
    /// </summary>
    public bool EnglishSpelling { get; init; } = true;

    /// <summary>
    /// Strip the endings Gujarati joins to a word (-na, -ni, -nu, -no, -ne; -maa; -thi; -vu, -va, -vi; final
    /// vowels) from its sounds, in either script alike, so rashiya meets રશિયાના and amdavadma meets
    /// અમદાવાદ. Done on the sounds rather than the letters because a Latin word has only sounds to go on.
    /// </summary>
    public bool Stem { get; init; } = true;

    /// <summary>
    /// Keep the vowels left at the end once the endings are stripped (રશિયાના: rasia, not ras). Only for a key
    /// that writes final vowels (<see cref="KeyVowels.Every"/>).
    /// </summary>
    public bool KeepFinalVowels { get; init; }

    /// <summary>
    /// The glide y after i and before a vowel (રશિયા, rashiya) dropped on both sides, so rashia finds it too;
    /// otherwise Latin i before a vowel gains the y.
    /// </summary>
    public bool DropGlides { get; init; } = true;
}
