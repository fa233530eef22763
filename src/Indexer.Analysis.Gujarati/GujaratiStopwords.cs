namespace Indexer.Analysis.Gujarati;

/// <summary>
/// A curated list of Gujarati function words: copulas and auxiliaries, pronouns and their case forms,
/// conjunctions, particles and free-standing postpositions.
/// </summary>
/// <remarks>
/// Written in normalised form (anusvara for a nasal before a stop, no candra vowels), as the stop filter sees
/// tokens after normalisation. Numerals (એક, બે) and words that carry content in news (સરકાર, દેશ, વર્ષ)
/// are deliberately absent: a reader searching "બે દેશ" expects the numeral to count.
/// </remarks>
public static class GujaratiStopwords
{
    /// <summary>The default list.</summary>
    public static IReadOnlyList<string> Default { get; } =
    [
        // copula and auxiliaries
        "છે", "છો", "છું", "છીએ", "હતો", "હતી", "હતું", "હતા", "હતાં", "હોય", "હશે",
        "થયો", "થયું", "થયા", "થઈ", "થાય", "રહ્યો", "રહ્યું", "રહ્યા", "રહી", "શકે",
        "આવ્યો", "આવ્યું", "આવ્યા", "આવે", "કરી", "કરવામાં", "કર્યું", "કર્યો",
        // personal and demonstrative pronouns with their case forms
        "હું", "અમે", "આપણે", "તમે", "મને", "મારા", "મારી", "અમારા",
        "તે", "તેઓ", "તેઓએ", "તેણે", "તેમણે", "તેના", "તેની", "તેનું", "તેનો", "તેને", "તેમાં", "તેમના",
        "તેમની", "તેમનું", "તેમને", "આ", "એ", "એમ", "પોતાના", "પોતાની", "પોતે",
        "જે", "જેમાં", "જેના", "જેની", "જેને", "કોઈ", "કંઈ", "કંઇ", "શું",
        // conjunctions and particles
        "અને", "અથવા", "કે", "પણ", "તો", "જ", "જો", "ન", "નહીં", "નહિ", "પરંતુ", "તથા", "તેમજ",
        "એટલે", "છતાં", "જેથી", "તેથી", "હવે", "ત્યારે", "જ્યારે", "ત્યાં", "જ્યાં", "ત્યારબાદ",
        "એવું", "એવી", "એવા", "આવી", "આવું", "આવા", "જેવા", "જેવી", "જેવું",
        // free-standing postpositions
        "માટે", "સાથે", "પર", "પરથી", "વિશે", "દ્વારા", "સુધી", "પછી", "વચ્ચે", "તરફ",
        "વગર", "સિવાય", "અંગે", "મુજબ", "પ્રમાણે", "દરમિયાન", "સામે", "પાસે", "તરીકે",
    ];
}
