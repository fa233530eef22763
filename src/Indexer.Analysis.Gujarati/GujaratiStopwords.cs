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

    /// <summary>
    /// Words <see cref="GujaratiPhoneticAnalyzer"/> gives no key: the <see cref="Default"/> list, and the commonest
    /// forms of the light verbs (do, say, become, come, go, give, take, stay, can, must), adverbs, quantifiers and
    /// number words. Nobody looks for these in Latin letters (a Latin searcher types 2, not be), and every key
    /// written costs indexing time; the words field still indexes them.
    /// </summary>
    public static IReadOnlyList<string> Keyless { get; } =
    [
        .. Default,
        // light verbs
        "કરે", "કરો", "કરવા", "કરવાની", "કરવાનો", "કરવાનું", "કરતા", "કરતાં", "કરતી", "કરીને", "કર્યા", "કર્યાં",
        "કરશે", "કરવું", "કહ્યું", "કહ્યા", "કહે", "કહી", "જણાવ્યું", "થશે", "થતા", "થતી", "થવા", "થયેલ",
        "આવશે", "આવેલ", "આવેલા", "આવેલી", "આવતા", "આવતી", "આપે", "આપી", "આપ્યું", "આપ્યા", "લઈ", "લે", "લીધો",
        "લીધી", "લીધા", "ગયા", "ગયું", "ગયો", "ગઈ", "જાય", "જવા", "જશે", "રહે", "રહેશે", "રહેલા", "શકાય", "શકો",
        "શક્યા", "શકતા", "જોઈએ", "પડે", "પડ્યું", "લાગે", "મળે", "મળી", "બની", "બને", "હોવા", "હોવાથી", "ધરાવે",
        // adverbs, quantifiers and number words
        "વધુ", "વધારે", "સૌથી", "ખૂબ", "ઘણા", "ઘણી", "ઘણું", "માત્ર", "ફક્ત", "લગભગ", "પહેલા", "પહેલાં", "બાદ",
        "હજુ", "પહેલેથી", "બધા", "બધી", "બધું", "દરેક", "કેટલાક", "કેટલીક", "કેટલા", "અન્ય", "બીજા", "બીજી",
        "બીજું", "ઉપર", "નીચે", "અંદર", "બહાર", "આગળ", "પાછળ", "કારણ", "કારણે", "રીતે", "નથી", "જેમ", "તેમ",
        "એક", "બે", "ત્રણ", "ચાર", "પાંચ", "છ", "સાત", "આઠ", "નવ", "દસ", "સો", "હજાર", "લાખ",
    ];
}
