"""Generate src/sitrep/registry/data/countries.yaml: one `country` entry per ISO 3166-1 code.

Run it from the repository root after changing the tables below or upgrading pycountry:

    .venv/bin/python scripts/build_country_registry.py

The output is committed, so the package itself never needs babel (used here only for CLDR's
common short names: "Russia" rather than ISO's "Russian Federation"). Hand edits to
countries.yaml are overwritten: change the tables here instead.
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

import pycountry
import yaml

OUT = Path(__file__).resolve().parent.parent / "src" / "sitrep" / "registry" / "data" / "countries.yaml"

# Canonical English names where CLDR's short name is not what news copy uses.
NAME_OVERRIDES: dict[str, str] = {
    "AG": "Antigua and Barbuda",
    "BA": "Bosnia and Herzegovina",
    "BL": "Saint Barthélemy",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Côte d'Ivoire",
    "GS": "South Georgia and the South Sandwich Islands",
    "HK": "Hong Kong",
    "HM": "Heard Island and McDonald Islands",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "MF": "Saint Martin",
    "MM": "Myanmar",
    "MO": "Macau",
    "PM": "Saint Pierre and Miquelon",
    "PS": "Palestine",
    "SH": "Saint Helena",
    "SJ": "Svalbard and Jan Mayen",
    "ST": "São Tomé and Príncipe",
    "TC": "Turks and Caicos Islands",
    "TT": "Trinidad and Tobago",
    "UM": "United States Minor Outlying Islands",
    "VC": "Saint Vincent and the Grenadines",
    "WF": "Wallis and Futuna",
}

# Extra English names used in news copy. Aliases with no lowercase letters ("US", "UK",
# "USA", "UAE", "DRC") are matched case-sensitively by the loader.
EXTRA_ALIASES: dict[str, list[str]] = {
    "AE": ["UAE", "U.A.E."],
    "AF": ["Islamic Republic of Afghanistan"],
    "BO": ["Plurinational State of Bolivia"],
    "BN": ["Brunei Darussalam"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Congo Republic"],
    "CI": ["Ivory Coast", "Côte d’Ivoire", "Cote d'Ivoire"],
    "CV": ["Cabo Verde"],
    "CZ": ["Czech Republic"],
    "FM": ["Federated States of Micronesia"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "KG": ["Kyrgyz Republic", "Kirghizia", "Kirgizia"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea", "ROK"],
    "KZ": ["Republic of Kazakhstan"],
    "LA": ["Lao PDR"],
    "MD": ["Republic of Moldova"],
    "MK": ["Macedonia"],
    "MM": ["Burma"],
    "NL": ["Holland"],
    "PS": ["State of Palestine", "Palestinian Territories"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "SZ": ["Swaziland"],
    "TJ": ["Republic of Tajikistan"],
    "TL": ["East Timor"],
    "TM": ["Turkmenia"],
    "TR": ["Turkey", "Turkiye", "Republic of Türkiye"],
    "TW": ["Republic of China"],
    "TZ": ["United Republic of Tanzania"],
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "UZ": ["Republic of Uzbekistan"],
    "VA": ["Holy See", "Vatican"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "VN": ["Viet Nam"],
}

# Russian names used in Russian-language news, in addition to ISO's and CLDR's.
EXTRA_RU: dict[str, list[str]] = {
    "AF": ["ИРА", "Исламская Республика Афганистан"],
    "AM": ["Республика Армения"],
    "AZ": ["Азербайджанская Республика"],
    "BY": ["Белоруссия", "Республика Беларусь"],
    "CN": ["КНР", "Китайская Народная Республика"],
    "GB": ["Великобритания", "Британия"],
    "IN": ["Республика Индия"],
    "IR": ["Исламская Республика Иран"],
    "KG": ["Кыргызстан", "Кыргызская Республика", "Киргизская Республика"],
    "KZ": ["Республика Казахстан"],
    "MD": ["Молдавия"],
    "PK": ["Исламская Республика Пакистан"],
    "RU": ["РФ"],
    "TJ": ["Республика Таджикистан"],
    "TM": ["Туркмения"],
    "TR": ["Турецкая Республика", "Турция"],
    "UA": ["Украина"],
    "US": ["США", "Соединённые Штаты Америки", "Соединенные Штаты Америки", "Америка"],
    "UZ": ["Республика Узбекистан"],
}

# Demonyms: adjective first, then the plural noun(s) for the people. Forms shared by two
# countries ("Korean", "Congolese") are left out on purpose: they cannot say which is meant.
# Where news usage is lopsided the form goes to the usual referent: "Dominican" to the
# Dominican Republic (not Dominica), "Guinean" to Guinea, "Samoan" to Samoa.
DEMONYMS: dict[str, str] = {
    "AS": "American Samoan|American Samoans",
    "BL": "Saint-Barthélemois",
    "CC": "Cocos Islander|Cocos Islanders",
    "CX": "Christmas Islander|Christmas Islanders",
    "DO": "Dominican|Dominicans",
    "GN": "Guinean|Guineans",
    "MF": "Saint-Martinois",
    "VG": "British Virgin Islander|British Virgin Islanders",
    "VI": "U.S. Virgin Islander|U.S. Virgin Islanders",
    "WS": "Samoan|Samoans",
    "AD": "Andorran|Andorrans",
    "AE": "Emirati|Emiratis",
    "AF": "Afghan|Afghans|Afghani|Afghanistani",
    "AG": "Antiguan|Antiguans|Barbudan|Barbudans",
    "AI": "Anguillan|Anguillans",
    "AL": "Albanian|Albanians",
    "AM": "Armenian|Armenians",
    "AO": "Angolan|Angolans",
    "AR": "Argentine|Argentines|Argentinian|Argentinians",
    "AT": "Austrian|Austrians",
    "AU": "Australian|Australians",
    "AW": "Aruban|Arubans",
    "AX": "Ålandic|Ålander|Ålanders",
    "AZ": "Azerbaijani|Azerbaijanis|Azeri|Azeris",
    "BA": "Bosnian|Bosnians|Herzegovinian",
    "BB": "Barbadian|Barbadians|Bajan|Bajans",
    "BD": "Bangladeshi|Bangladeshis",
    "BE": "Belgian|Belgians",
    "BF": "Burkinabe|Burkinabè",
    "BG": "Bulgarian|Bulgarians",
    "BH": "Bahraini|Bahrainis",
    "BI": "Burundian|Burundians",
    "BJ": "Beninese",
    "BM": "Bermudian|Bermudians",
    "BN": "Bruneian|Bruneians",
    "BO": "Bolivian|Bolivians",
    "BR": "Brazilian|Brazilians",
    "BS": "Bahamian|Bahamians",
    "BT": "Bhutanese",
    "BW": "Botswanan|Motswana|Batswana",
    "BY": "Belarusian|Belarusians|Belarussian|Belarussians|Byelorussian",
    "BZ": "Belizean|Belizeans",
    "CA": "Canadian|Canadians",
    "CF": "Central African|Central Africans",
    "CH": "Swiss",
    "CI": "Ivorian|Ivorians",
    "CK": "Cook Islander|Cook Islanders",
    "CL": "Chilean|Chileans",
    "CM": "Cameroonian|Cameroonians",
    "CN": "Chinese",
    "CO": "Colombian|Colombians",
    "CR": "Costa Rican|Costa Ricans",
    "CU": "Cuban|Cubans",
    "CV": "Cape Verdean|Cape Verdeans",
    "CW": "Curaçaoan|Curaçaoans",
    "CY": "Cypriot|Cypriots",
    "CZ": "Czech|Czechs",
    "DE": "German|Germans",
    "DJ": "Djiboutian|Djiboutians",
    "DK": "Danish|Danes",
    "DZ": "Algerian|Algerians",
    "EC": "Ecuadorian|Ecuadorians",
    "EE": "Estonian|Estonians",
    "EG": "Egyptian|Egyptians",
    "EH": "Sahrawi|Sahrawis",
    "ER": "Eritrean|Eritreans",
    "ES": "Spanish|Spaniards",
    "ET": "Ethiopian|Ethiopians",
    "FI": "Finnish|Finns",
    "FJ": "Fijian|Fijians",
    "FK": "Falkland Islander|Falkland Islanders",
    "FM": "Micronesian|Micronesians",
    "FO": "Faroese",
    "FR": "French",
    "GA": "Gabonese",
    "GB": "British|Briton|Britons",
    "GD": "Grenadian|Grenadians",
    "GE": "Georgian|Georgians",
    "GF": "French Guianese",
    "GG": "Guernseyman|Guernseymen",
    "GH": "Ghanaian|Ghanaians",
    "GI": "Gibraltarian|Gibraltarians",
    "GL": "Greenlandic|Greenlanders",
    "GM": "Gambian|Gambians",
    "GP": "Guadeloupean|Guadeloupeans",
    "GR": "Greek|Greeks",
    "GT": "Guatemalan|Guatemalans",
    "GU": "Guamanian|Guamanians",
    "GW": "Bissau-Guinean|Bissau-Guineans",
    "GQ": "Equatorial Guinean|Equatoguinean|Equatoguineans",
    "GY": "Guyanese",
    "HK": "Hongkonger|Hongkongers|Hong Konger|Hong Kongers",
    "HN": "Honduran|Hondurans",
    "HR": "Croatian|Croatians|Croat|Croats",
    "HT": "Haitian|Haitians",
    "HU": "Hungarian|Hungarians",
    "ID": "Indonesian|Indonesians",
    "IE": "Irish",
    "IL": "Israeli|Israelis",
    "IM": "Manx",
    "IN": "Indian|Indians",
    "IQ": "Iraqi|Iraqis",
    "IR": "Iranian|Iranians",
    "IS": "Icelandic|Icelanders",
    "IT": "Italian|Italians",
    "JE": "Jerseyman|Jerseymen",
    "JM": "Jamaican|Jamaicans",
    "JO": "Jordanian|Jordanians",
    "JP": "Japanese",
    "KE": "Kenyan|Kenyans",
    "KG": "Kyrgyz|Kyrgyzstani|Kyrgyzstanis|Kirghiz|Kirgiz",
    "KH": "Cambodian|Cambodians",
    "KI": "I-Kiribati",
    "KM": "Comorian|Comorians",
    "KN": "Kittitian|Kittitians|Nevisian|Nevisians",
    "KP": "North Korean|North Koreans",
    "KR": "South Korean|South Koreans",
    "KW": "Kuwaiti|Kuwaitis",
    "KY": "Caymanian|Caymanians",
    "KZ": "Kazakh|Kazakhs|Kazakhstani|Kazakhstanis|Kazak",
    "LA": "Lao|Laotian|Laotians",
    "LB": "Lebanese",
    "LC": "Saint Lucian|Saint Lucians",
    "LI": "Liechtensteiner|Liechtensteiners",
    "LK": "Sri Lankan|Sri Lankans",
    "LR": "Liberian|Liberians",
    "LS": "Basotho|Mosotho",
    "LT": "Lithuanian|Lithuanians",
    "LU": "Luxembourgish|Luxembourger|Luxembourgers",
    "LV": "Latvian|Latvians",
    "LY": "Libyan|Libyans",
    "MA": "Moroccan|Moroccans",
    "MC": "Monégasque|Monegasque|Monegasques",
    "MD": "Moldovan|Moldovans",
    "ME": "Montenegrin|Montenegrins",
    "MG": "Malagasy",
    "MH": "Marshallese",
    "MK": "Macedonian|Macedonians|North Macedonian|North Macedonians",
    "ML": "Malian|Malians",
    "MM": "Burmese",
    "MN": "Mongolian|Mongolians",
    "MO": "Macanese",
    "MP": "Northern Mariana Islander|Northern Mariana Islanders",
    "MQ": "Martinican|Martinicans",
    "MR": "Mauritanian|Mauritanians",
    "MS": "Montserratian|Montserratians",
    "MT": "Maltese",
    "MU": "Mauritian|Mauritians",
    "MV": "Maldivian|Maldivians",
    "MW": "Malawian|Malawians",
    "MX": "Mexican|Mexicans",
    "MY": "Malaysian|Malaysians",
    "MZ": "Mozambican|Mozambicans",
    "NA": "Namibian|Namibians",
    "NC": "New Caledonian|New Caledonians",
    "NE": "Nigerien|Nigeriens",
    "NF": "Norfolk Islander|Norfolk Islanders",
    "NG": "Nigerian|Nigerians",
    "NI": "Nicaraguan|Nicaraguans",
    "NL": "Dutch|Netherlander|Netherlanders",
    "NO": "Norwegian|Norwegians",
    "NP": "Nepali|Nepalese|Nepalis",
    "NR": "Nauruan|Nauruans",
    "NU": "Niuean|Niueans",
    "NZ": "New Zealander|New Zealanders",
    "OM": "Omani|Omanis",
    "PA": "Panamanian|Panamanians",
    "PE": "Peruvian|Peruvians",
    "PF": "French Polynesian|French Polynesians",
    "PG": "Papua New Guinean|Papua New Guineans",
    "PH": "Filipino|Filipinos|Philippine",
    "PK": "Pakistani|Pakistanis",
    "PL": "Polish|Poles",
    "PM": "Saint-Pierrais|Miquelonnais",
    "PN": "Pitcairn Islander|Pitcairn Islanders",
    "PR": "Puerto Rican|Puerto Ricans",
    "PS": "Palestinian|Palestinians",
    "PT": "Portuguese",
    "PW": "Palauan|Palauans",
    "PY": "Paraguayan|Paraguayans",
    "QA": "Qatari|Qataris",
    "RE": "Réunionese",
    "RO": "Romanian|Romanians",
    "RS": "Serbian|Serbians|Serb|Serbs",
    "RU": "Russian|Russians",
    "RW": "Rwandan|Rwandans",
    "SA": "Saudi|Saudis|Saudi Arabian|Saudi Arabians",
    "SB": "Solomon Islander|Solomon Islanders",
    "SC": "Seychellois",
    "SD": "Sudanese",
    "SE": "Swedish|Swedes",
    "SG": "Singaporean|Singaporeans",
    "SH": "Saint Helenian|Saint Helenians",
    "SI": "Slovenian|Slovenians|Slovene|Slovenes",
    "SK": "Slovak|Slovaks|Slovakian",
    "SL": "Sierra Leonean|Sierra Leoneans",
    "SM": "Sammarinese",
    "SN": "Senegalese",
    "SO": "Somali|Somalis",
    "SR": "Surinamese",
    "SS": "South Sudanese",
    "ST": "Santomean|Santomeans",
    "SV": "Salvadoran|Salvadorans|Salvadorean",
    "SX": "Sint Maartener|Sint Maarteners",
    "SY": "Syrian|Syrians",
    "SZ": "Swazi|Swazis|Liswati|Emaswati",
    "TC": "Turks and Caicos Islander|Turks and Caicos Islanders",
    "TD": "Chadian|Chadians",
    "TG": "Togolese",
    "TH": "Thai|Thais",
    "TJ": "Tajik|Tajiks|Tajikistani|Tajikistanis|Tadjik|Tadzhik",
    "TK": "Tokelauan|Tokelauans",
    "TL": "Timorese|East Timorese",
    "TM": "Turkmen|Turkmens|Turkmenistani|Turkmenistanis|Turkoman",
    "TN": "Tunisian|Tunisians",
    "TO": "Tongan|Tongans",
    "TR": "Turkish|Turks",
    "TT": "Trinidadian|Trinidadians|Tobagonian|Tobagonians",
    "TV": "Tuvaluan|Tuvaluans",
    "TW": "Taiwanese",
    "TZ": "Tanzanian|Tanzanians",
    "UA": "Ukrainian|Ukrainians",
    "UG": "Ugandan|Ugandans",
    "US": "American|Americans",
    "UY": "Uruguayan|Uruguayans",
    "UZ": "Uzbek|Uzbeks|Uzbekistani|Uzbekistanis",
    "VA": "Vatican",
    "VC": "Vincentian|Vincentians",
    "VE": "Venezuelan|Venezuelans",
    "VN": "Vietnamese",
    "VU": "Ni-Vanuatu",
    "WF": "Wallisian|Futunan",
    "YE": "Yemeni|Yemenis",
    "YT": "Mahoran|Mahorans",
    "ZA": "South African|South Africans",
    "ZM": "Zambian|Zambians",
    "ZW": "Zimbabwean|Zimbabweans",
}

# Membership of intergovernmental bodies, keyed by the registry id of the body. Only full
# members, as of 2025; observers, partners and "associate" members are left out.
MEMBERSHIPS: dict[str, str] = {
    # Armenia froze its participation in 2024 but has not left; it is still a member state.
    "csto": "RU BY AM KZ KG TJ",
    # Iran joined in 2023, Belarus in 2024.
    "sco": "CN RU KZ KG TJ UZ IN PK IR BY",
    # Turkmenistan is an associate member only; Georgia left in 2009; Ukraine never ratified.
    "cis": "RU BY AM AZ KZ KG MD TJ UZ",
    "eaeu": "RU BY AM KZ KG",
    "union-state": "RU BY",
    "nato": "AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI ES SE TR GB US",
    "eu": "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE",
    "osce": (
        "AL AD AM AT AZ BY BE BA BG CA HR CY CZ DK EE FI FR GE DE GR VA HU IS IE IT KZ KG LV LI LT LU "
        "MT MD MC MN ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH TJ TR TM UA GB US UZ"
    ),
    "organization-of-turkic-states": "TR AZ KZ KG UZ",
    "gcc": "SA AE QA KW BH OM",
    "arab-league": "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE",
    # Timor-Leste was admitted as the eleventh member in October 2025.
    "asean": "BN KH ID LA MY MM PH SG TH VN TL",
    # Egypt, Ethiopia, Iran and the UAE joined in 2024, Indonesia in 2025.
    "brics": "BR RU IN CN ZA EG ET IR AE ID",
    "c5-plus-1": "KZ KG TJ TM UZ US",
    "moscow-format": "RU AF CN PK IR IN KZ KG TJ TM UZ",
}


def _ru_translation() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])


def _babel_names() -> tuple[dict[str, str], dict[str, str]]:
    try:
        from babel import Locale
    except ImportError:  # the output is still valid, only with ISO names as canonical
        print("babel not installed: falling back to ISO names", file=sys.stderr)
        return {}, {}
    return dict(Locale("en").territories), dict(Locale("ru").territories)


def _unique(items: list[str], exclude: set[str]) -> list[str]:
    seen = set(exclude)
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def build() -> dict[str, object]:
    ru = _ru_translation()
    en_cldr, ru_cldr = _babel_names()
    members: dict[str, list[str]] = {}
    for body, codes in MEMBERSHIPS.items():
        for code in codes.split():
            if pycountry.countries.get(alpha_2=code) is None:
                raise SystemExit(f"MEMBERSHIPS[{body!r}]: unknown country code {code}")
            members.setdefault(code, []).append(body)
    entries = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = c.alpha_2
        cldr = en_cldr.get(code, "")
        # CLDR abbreviates ("St.", "&") and adds qualifiers ("SAR China") news copy rarely uses.
        name = NAME_OVERRIDES.get(code) or getattr(c, "common_name", None) or cldr or c.name
        aliases = _unique(
            [cldr, getattr(c, "common_name", ""), c.name, getattr(c, "official_name", "")]
            + EXTRA_ALIASES.get(code, []),
            {name},
        )
        # ISO's "Korea, Republic of" inverted forms never occur in running text.
        aliases = [a for a in aliases if ", " not in a and " - " not in a]
        names_ru = _unique(
            [ru_cldr.get(code, ""), ru.gettext(c.name)] + EXTRA_RU.get(code, []),
            set(),
        )
        names_ru = [n for n in names_ru if " - " not in n]
        demonyms = [d for d in DEMONYMS.get(code, "").split("|") if d]
        entry: dict[str, object] = {
            "id": f"country-{code.lower()}",
            "name": name,
            "kind": "country",
            "country": code,
        }
        if aliases:
            entry["aliases"] = aliases
        if names_ru:
            entry["names_ru"] = names_ru
        if demonyms:
            entry["demonyms"] = demonyms
        if code in members:
            entry["member_of"] = members[code]
        entries.append(entry)
    return {
        "version": "2025.1",
        "generated_by": "scripts/build_country_registry.py (do not edit by hand)",
        "entries": entries,
    }


def main() -> None:
    data = build()
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    header = "# Generated by scripts/build_country_registry.py; edit the tables there, not this file.\n"
    OUT.write_text(header + text, encoding="utf-8")
    print(f"wrote {OUT} ({len(data['entries'])} countries)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
