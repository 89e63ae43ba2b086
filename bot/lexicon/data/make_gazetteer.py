"""Dev-only generator for the lexicon data files (NOT imported at runtime).

    /work/venv/bin/pip install countryinfo pycountry breame
    /work/venv/bin/python bot/lexicon/data/make_gazetteer.py

Writes gazetteer.tsv and spelling.tsv next to this file.  Sources and licences
are listed in README.md.  Everything special-cased below is a *general* fact
about countries or English (seats of government, ambiguous common words),
never a phrase from a particular article.
"""
from __future__ import annotations

import glob
import json
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN
BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI DMA DOM
ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN
ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE
LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL
NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT ROU RUS RWA KNA LCA VCT WSM SMR STP
SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON
TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()
assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193, len(UN_MEMBERS)
EXTRA = ["TWN", "PSE", "XKX", "VAT", "EUU"]

# Canonical display name -> token (letters only) for the entity.
CANON = {
    "USA": "United States", "GBR": "United Kingdom", "RUS": "Russia", "IRN": "Iran",
    "KOR": "South Korea", "PRK": "North Korea", "SYR": "Syria", "VNM": "Vietnam", "LAO": "Laos",
    "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania", "MDA": "Moldova", "FSM": "Micronesia",
    "CIV": "Ivory Coast", "CZE": "Czechia", "COD": "DR Congo", "COG": "Congo Republic",
    "TWN": "Taiwan", "PSE": "Palestine", "XKX": "Kosovo", "VAT": "Vatican", "EUU": "European Union",
    "BHS": "Bahamas", "GMB": "Gambia", "MKD": "North Macedonia", "SWZ": "Eswatini", "TLS": "East Timor",
    "TUR": "Turkey", "BRN": "Brunei", "CPV": "Cape Verde", "STP": "Sao Tome and Principe",
    "NLD": "Netherlands", "PHL": "Philippines",
}

# Extra general aliases: (alias, kind).  kind: name|short|demonym|capital|seat|official
ALIASES = {
    "USA": [("United States", "name"), ("United States of America", "official"), ("U.S.", "short"),
            ("US", "short"), ("USA", "short"), ("U.S.A.", "short"), ("America", "short"),
            ("Americans", "demonym"), ("Washington", "capital"), ("Washington DC", "capital"),
            ("Washington D.C.", "capital"), ("White House", "seat"), ("Pentagon", "seat"),
            ("Foggy Bottom", "seat"), ("State Department", "seat"), ("Capitol Hill", "seat"),
            ("Oval Office", "seat"), ("Uncle Sam", "short")],
    "GBR": [("UK", "short"), ("U.K.", "short"), ("Britain", "short"), ("Great Britain", "short"),
            ("Briton", "demonym"), ("Britons", "demonym"), ("Brit", "demonym"), ("Brits", "demonym"),
            ("Downing Street", "seat"), ("Number 10", "seat"), ("No 10", "seat"), ("No. 10", "seat"),
            ("Whitehall", "seat"), ("Westminster", "seat")],
    "RUS": [("Kremlin", "seat"), ("Russian Federation", "official"), ("State Duma", "seat")],
    "CHN": [("PRC", "short"), ("People's Republic of China", "official"), ("Peking", "capital"),
            ("Zhongnanhai", "seat"), ("Great Hall of the People", "seat")],
    "FRA": [("Élysée", "seat"), ("Élysée Palace", "seat"), ("Quai d'Orsay", "seat"), ("Matignon", "seat"),
            ("Frenchman", "demonym"), ("Frenchmen", "demonym")],
    "DEU": [("Bundestag", "seat"), ("Germans", "demonym")],
    "KOR": [("Blue House", "seat"), ("ROK", "short"), ("South Koreans", "demonym")],
    "PRK": [("DPRK", "short"), ("North Koreans", "demonym")],
    "JPN": [("Kantei", "seat")],
    "ISR": [("Knesset", "seat")],
    "IRN": [("Teheran", "capital"), ("Islamic Republic", "short")],
    "IND": [("Delhi", "capital"), ("South Block", "seat"), ("Raisina Hill", "seat")],
    "UKR": [("Kiev", "capital"), ("Kyiv", "capital"), ("Bankova", "seat")],
    "ARG": [("Casa Rosada", "seat"), ("Argentine", "demonym"), ("Argentinian", "demonym")],
    "BRA": [("Planalto", "seat")],
    "TUR": [("Türkiye", "name"), ("Turkiye", "name"), ("Turk", "demonym"), ("Turks", "demonym")],
    "SAU": [("Saudi", "demonym"), ("Saudis", "demonym")],
    "ARE": [("UAE", "short"), ("U.A.E.", "short"), ("Emiratis", "demonym")],
    "SWE": [("Swede", "demonym"), ("Swedes", "demonym")],
    "DNK": [("Dane", "demonym"), ("Danes", "demonym")],
    "FIN": [("Finn", "demonym"), ("Finns", "demonym")],
    "POL": [("Pole", "demonym"), ("Poles", "demonym")],
    "ESP": [("Spaniard", "demonym"), ("Spaniards", "demonym")],
    "NLD": [("Dutchman", "demonym"), ("Dutchmen", "demonym"), ("Holland", "short")],
    "PHL": [("Filipinos", "demonym"), ("Philippine", "demonym")],
    "NZL": [("Kiwi", "demonym"), ("Kiwis", "demonym")],
    "KAZ": [("Astana", "capital"), ("Kazakh", "demonym"), ("Kazakhs", "demonym")],
    "KGZ": [("Kyrgyz", "demonym")],
    "TJK": [("Tajik", "demonym"), ("Tajiks", "demonym")],
    "UZB": [("Uzbek", "demonym"), ("Uzbeks", "demonym")],
    "MMR": [("Burma", "short"), ("Naypyidaw", "capital"), ("Nay Pyi Taw", "capital"), ("Myanmarese", "demonym")],
    "BOL": [("La Paz", "capital")],
    "CIV": [("Côte d'Ivoire", "name"), ("Cote d'Ivoire", "name"), ("Abidjan", "capital")],
    "CZE": [("Czech Republic", "name"), ("Czechia", "name")],
    "COD": [("DRC", "short"), ("DR Congo", "short"), ("Democratic Republic of Congo", "official"),
            ("Democratic Republic of the Congo", "official"), ("Congo-Kinshasa", "short"), ("Kinshasa", "capital")],
    "COG": [("Republic of Congo", "official"), ("Republic of the Congo", "official"), ("Congo-Brazzaville", "short")],
    "MKD": [("North Macedonia", "name"), ("North Macedonian", "demonym")],
    "SWZ": [("Eswatini", "name"), ("Swaziland", "name")],
    "TLS": [("Timor-Leste", "name"), ("East Timor", "name")],
    "LKA": [("Sri Jayawardenepura Kotte", "capital")],
    "CHE": [("Berne", "capital")],
    "BEN": [("Cotonou", "capital")],
    "VAT": [("Vatican", "name"), ("Vatican City", "name"), ("Holy See", "name")],
    "TWN": [("Taiwan", "name"), ("Taiwanese", "demonym"), ("Taipei", "capital"), ("Republic of China", "official")],
    "PSE": [("Palestine", "name"), ("State of Palestine", "official"), ("Palestinian", "demonym"),
            ("Palestinians", "demonym"), ("Ramallah", "capital"), ("Palestinian Authority", "seat")],
    "XKX": [("Kosovo", "name"), ("Republic of Kosovo", "official"), ("Kosovar", "demonym"), ("Kosovars", "demonym"),
            ("Kosovan", "demonym"), ("Pristina", "capital"), ("Prishtina", "capital")],
    "EUU": [("European Union", "name"), ("EU", "short"), ("E.U.", "short"), ("European Commission", "seat"),
            ("Berlaymont", "seat")],
}

# Aliases dropped: ambiguous between countries or mostly something else in news.
DROP = {
    "Congo", "Congolese", "Korea", "Korean", "Georgia", "Jerusalem", "Male", "Dominica's",
    "Kingdom", "Republic", "Guiana", "Island", "Thai",  # 'Thai' kept below as demonym only
    "Gabuuti", "Prathet", "Indian", "Dominique",
}
DROP_FOR = {("DMA", "Dominican"), ("COG", "Congo"), ("PSE", "Jerusalem"), ("ISR", "Jerusalem"),
            ("USA", "Washington D.C.")}
KEEP_EXTRA = {("THA", "Thai", "demonym"), ("THA", "Thais", "demonym"), ("IND", "Indian", "demonym"),
              ("IND", "Indians", "demonym"), ("USA", "Washington D.C.", "capital")}

# Common words / first names / other places: only capitalised occurrences count.
CAP = {
    "turkey", "turk", "turks", "china", "chad", "jordan", "guinea", "japan", "chile", "panama", "morocco",
    "india", "indian", "indians", "israel", "jamaica", "tonga", "niger", "mali",
    "lima", "sofia", "victoria", "kingston", "georgetown", "santiago", "nassau", "colombo", "moroni",
    "havana", "paris", "vienna", "washington", "athens", "malta", "holland", "america",
    "polish", "pole", "poles", "swiss", "afghan", "afghans", "swede", "swedes", "danish", "dane", "danes",
    "dutch", "finn", "finns", "brit", "brits", "kiwi", "kiwis", "greek", "greeks", "french", "thai", "thais",
    "lao", "pentagon", "whitehall", "westminster", "dominican", "georgian", "georgians", "jersey",
    "iceland", "bahamas", "congo", "muscat", "sucre", "wellington",
}
# Also first names/surnames: additionally skipped next to another capitalised word ("Michael Jordan").
PERSON = {"jordan", "chad", "victoria", "sofia", "santiago", "paris", "washington", "kingston",
          "colombo", "moroni", "vienna", "lima", "georgia", "america", "holland", "kiwi",
          "wellington"}


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def token_of(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold(name).lower())


def demonym_plural(d: str) -> str | None:
    if " " in d or d.endswith(("man", "men", "ese", "ish", "ch", "ss", "sh", "s", "x", "i-Kiribati")):
        return None
    if d.endswith("i") or d.endswith(("an", "ian", "er", "ot", "ek", "ean", "ino")):
        return d + "s"
    return None


def build_gazetteer() -> list[tuple[str, str, str, str]]:
    import pycountry

    ci = {}
    for f in glob.glob(os.path.join(os.path.dirname(__import__("countryinfo").__file__), "data", "*.json")):
        d = json.load(open(f, encoding="utf-8"))
        a3 = (d.get("ISO") or {}).get("alpha3")
        if a3 and (a3 not in ci or d.get("demonym")):
            ci[a3] = d
    entries: dict[tuple[str, str], str] = {}  # (alias, a3) -> kind

    def add(a3: str, alias: str, kind: str) -> None:
        alias = alias.strip().strip(",")
        if not alias or not alias.isascii() and not fold(alias).isascii():
            return
        if alias in DROP or (a3, alias) in DROP_FOR:
            return
        if re.fullmatch(r"[A-Z]{2,3}", alias) and kind not in ("short",):
            return  # ISO codes in altSpellings: too ambiguous
        entries.setdefault((alias, a3), kind)
        f = fold(alias)
        if f != alias and f not in DROP:
            entries.setdefault((f, a3), kind)

    for a3 in UN_MEMBERS + EXTRA:
        if a3 in CANON:
            add(a3, CANON[a3], "name")
        pc = pycountry.countries.get(alpha_3=a3)
        if pc is not None:
            for attr, kind in (("common_name", "name"), ("name", "name"), ("official_name", "official")):
                v = getattr(pc, attr, None)
                if v and "," not in v and "(" not in v:
                    add(a3, v, kind)
        d = ci.get(a3)
        if d:
            if "," not in d["name"] and "(" not in d["name"]:
                add(a3, d["name"], "name")
            caps = d.get("capital")
            caps = caps if isinstance(caps, list) else re.split(r"\s*/\s*", caps or "")
            for c in caps:
                if c:
                    add(a3, c, "capital")
            for dem in re.split(r"[,/]", d.get("demonym") or ""):
                dem = dem.strip()
                if dem:
                    add(a3, dem, "demonym")
                    p = demonym_plural(dem)
                    if p:
                        add(a3, p, "demonym")
            for alt in d.get("altSpellings") or []:
                alt = alt.strip()
                if len(alt) > 3 and "," not in alt and alt.isascii() and alt[0].isupper():
                    add(a3, alt, "official" if " of " in alt or alt.startswith("The ") else "name")
        for alias, kind in ALIASES.get(a3, []):
            add(a3, alias, kind)
            if kind == "demonym" and alias[0].isupper():
                p = demonym_plural(alias)
                if p:
                    add(a3, p, "demonym")
    for a3, alias, kind in KEEP_EXTRA:
        entries.setdefault((alias, a3), kind)

    # Drop "The X" duplicates (the article is matched as a stopword anyway) and resolve clashes.
    by_alias: dict[str, set[str]] = {}
    for (alias, a3) in entries:
        by_alias.setdefault(alias.lower(), set()).add(a3)
    rows = []
    for (alias, a3), kind in sorted(entries.items(), key=lambda x: (x[0][1], x[0][0])):
        if len(by_alias[alias.lower()]) > 1:
            owners = by_alias[alias.lower()]
            # Prefer the country whose own name/short name it is.
            if not any((alias, o) in {(a, x) for x, lst in ALIASES.items() for a, _ in lst} and o == a3 for o in owners):
                print("ambiguous, dropped:", alias, sorted(owners))
                continue
        canon = CANON.get(a3) or (pycountry.countries.get(alpha_3=a3).common_name
                                  if getattr(pycountry.countries.get(alpha_3=a3), "common_name", None)
                                  else pycountry.countries.get(alpha_3=a3).name)
        tok = token_of(canon)
        low = fold(alias).lower()
        if alias == "US":
            flag = "exact"
        elif low in PERSON:
            flag = "person"
        elif low in CAP or (" " in alias and kind == "seat"):
            flag = "cap"
        else:
            flag = "any"
        if alias.startswith("The "):
            alias = alias[4:]
        rows.append((alias, tok, kind, flag))
    seen, out = set(), []
    for r in rows:
        if (r[0], r[1]) not in seen:
            seen.add((r[0], r[1]))
            out.append(r)
    return out


def build_spelling() -> list[tuple[str, str]]:
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS as B

    pairs = {k.lower(): v.lower() for k, v in B.items() if k.isalpha() and v.isalpha() and k != v}
    informal = {
        "thru": "through", "tho": "though", "altho": "although", "nite": "night", "nites": "nights",
        "tonite": "tonight", "lite": "light", "cuz": "because", "coz": "because", "nuff": "enough",
        "pls": "please", "plz": "please", "thx": "thanks", "msg": "message", "govt": "government",
        "govts": "governments", "yrs": "years", "ppl": "people", "b4": "before",
        "authorisation": "authorization", "cheques": "checks", "centring": "centering",
        "kerbs": "curbs", "organisations": "organizations",
    }
    for k, v in informal.items():
        pairs.setdefault(k, v)
    return sorted(pairs.items())


def main() -> None:
    g = build_gazetteer()
    with open(os.path.join(HERE, "gazetteer.tsv"), "w", encoding="utf-8") as f:
        f.write("# alias\ttoken\tkind\tcase (any|cap|person|exact) -- generated by make_gazetteer.py\n")
        for r in g:
            f.write("\t".join(r) + "\n")
    s = build_spelling()
    with open(os.path.join(HERE, "spelling.tsv"), "w", encoding="utf-8") as f:
        f.write("# variant\tamerican -- generated by make_gazetteer.py\n")
        for k, v in s:
            f.write(f"{k}\t{v}\n")
    print(len(g), "gazetteer rows,", len({r[1] for r in g}), "entities;", len(s), "spelling pairs")


if __name__ == "__main__":
    main()
