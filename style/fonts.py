#!/usr/bin/env python3
"""Writes the site's typefaces: public/fonts/ and the @font-face block of
style/main.css. Run by `cargo xtask fonts` (which provides fontTools); the
output is committed, so neither a build nor a test runs this.

The text face is Source Serif 4 (SIL Open Font License 1.1), shipped as
Broadsheet Serif (see FAMILY), from the npm
packages of Fontsource: the roman as a variable font cut to weights
400-700 (one file serves body text and headlines, so one preload covers the
first paint), and the static italic 400. Each is subset three ways, by
unicode-range, so a page downloads only what its text uses:

  latin       Basic Latin, Latin-1 Supplement, typographic punctuation
  latin-ext   Polish, Czech, Turkish, Romanian... (Latin Extended)
  vietnamese  Vietnamese

Hinting and the OpenType features body text does not use (small caps,
fractions, figure styles) are dropped. File names carry a hash of their
bytes, so nginx can let browsers keep them for a year.

Beside the web font, fallback faces: local system serifs scaled with
size-adjust to Source Serif 4's average character width, and with its
ascent and descent, so that text set in the fallback (the font not yet
arrived, blocked, or failed) takes the same room and a line holds the same
number of characters.
"""

import hashlib
import io
import pathlib
import re
import subprocess
import sys
import tempfile

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "public" / "fonts"
CSS = ROOT / "style" / "main.css"
INDEX = ROOT / "index.html"
BEGIN = "/* fonts: written by `cargo xtask fonts` (style/fonts.py); do not edit by hand */"
END = "/* end of fonts */"

# "Source" is a Reserved Font Name of Source Serif 4's licence, and a subset
# is a modified version, which the OFL lets us ship only under another
# name: the files and the CSS call it Broadsheet Serif.
FAMILY = "Broadsheet Serif"
UPSTREAM = ("Source Serif 4", "SourceSerif4")
RENAMED = ("Broadsheet Serif", "BroadsheetSerif")
LICENCE = (
    "This Font Software is licensed under the SIL Open Font License, Version 1.1. "
    "It is a modified version (a subset) of Source Serif 4 by Adobe."
)
PACKAGES = {
    "variable": "@fontsource-variable/source-serif-4@5.3.1",
    "static": "@fontsource/source-serif-4@5.3.1",
}
# Fontsource's own unicode ranges for each subset (the same as Google Fonts').
RANGES = {
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,"
    "U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,"
    "U+2215,U+FEFF,U+FFFD",
    "latin-ext": "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,"
    "U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,"
    "U+20A0-20AB,U+20AD-20C4,U+2113,U+2C60-2C7F,U+A720-A7FF",
    "vietnamese": "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,"
    "U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,"
    "U+1EA0-1EF9,U+20AB",
}
FEATURES = ["kern", "liga", "ccmp", "locl", "mark", "mkmk"]

# The faces: (name in file names, CSS style, CSS weight, package, file pattern).
FACES = [
    ("roman", "normal", "400 700", "variable", "source-serif-4-{subset}-wght-normal.woff2"),
    ("italic", "italic", "400", "static", "source-serif-4-{subset}-400-italic.woff2"),
]

# System serifs that stand in until (or instead of) the web font, with their
# metrics: units per em, and the average advance of Latin text weighted by
# letter frequency (the `xWidthAvg` of @capsizecss/metrics 4.3.0, which
# measures every face the same way), for regular, bold and italic. The
# first one the reader's system has is used.
SOURCE_SERIF_AVG = {"regular": 479, "bold": 494, "italic": 441}  # per 1000
SOURCE_SERIF_ASCENT, SOURCE_SERIF_DESCENT, SOURCE_SERIF_UPM = 1036, 335, 1000
FALLBACKS = [
    # (family suffix, units per em, averages, local() names per style)
    ("Georgia", 2048, {"regular": 913, "bold": 1062, "italic": 931},
     {"regular": ["Georgia"], "bold": ["Georgia Bold", "Georgia-Bold"],
      "italic": ["Georgia Italic", "Georgia-Italic"]}),
    # Times New Roman, and the fonts made to its metrics.
    ("Times", 2048, {"regular": 832, "bold": 886, "italic": 836},
     {"regular": ["Times New Roman", "TimesNewRomanPSMT", "Liberation Serif", "Tinos"],
      "bold": ["Times New Roman Bold", "TimesNewRomanPS-BoldMT", "Liberation Serif Bold", "Tinos Bold"],
      "italic": ["Times New Roman Italic", "TimesNewRomanPS-ItalicMT", "Liberation Serif Italic",
                 "Tinos Italic"]}),
    # Android's serif.
    ("Noto", 1000, {"regular": 481, "bold": 512, "italic": 469},
     {"regular": ["Noto Serif", "NotoSerif"], "bold": ["Noto Serif Bold", "NotoSerif-Bold"],
      "italic": ["Noto Serif Italic", "NotoSerif-Italic"]}),
    # Most Linux systems (measured the same way from DejaVu Serif 2.37).
    ("DejaVu", 2048, {"regular": 1058, "bold": 1166, "italic": 1060},
     {"regular": ["DejaVu Serif", "DejaVuSerif"], "bold": ["DejaVu Serif Bold", "DejaVuSerif-Bold"],
      "italic": ["DejaVu Serif Italic", "DejaVuSerif-Italic"]}),
]
STYLES = {"regular": ("normal", "400"), "bold": ("normal", "700"), "italic": ("italic", "400")}


def npm_pack(spec, into):
    """The package's files, from the npm registry."""
    name = subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(into), spec],
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]
    folder = into / name.removesuffix(".tgz")
    folder.mkdir()
    subprocess.run(["tar", "xzf", str(into / name), "-C", str(folder)], check=True)
    return folder / "package"


def make_face(source, weights, subset_name, target):
    # No new timestamp in `head`: the same sources give the same bytes.
    font = TTFont(source, recalcTimestamp=False)
    if "fvar" in font and weights != "400":
        low, high = weights.split()
        font = instancer.instantiateVariableFont(font, {"wght": (int(low), int(high))})
        # Read back from bytes: the subsetter needs a fully loaded font.
        buffer = io.BytesIO()
        font.save(buffer)
        buffer.seek(0)
        font = TTFont(buffer, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = FEATURES
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=parse_ranges(RANGES[subset_name]))
    subsetter.subset(font)
    rename(font)
    font.flavor = "woff2"
    font.save(target)


def rename(font):
    """Broadsheet Serif in every name record that said Source Serif 4; the
    copyright stays, and the licence is stated."""
    names = font["name"]
    for record in names.names:
        text = record.toUnicode()
        for old, new in zip(UPSTREAM, RENAMED):
            text = text.replace(old, new)
        record.string = text
    for name_id, text in ((13, LICENCE), (14, "https://openfontlicense.org")):
        names.setName(text, name_id, 3, 1, 0x409)


def parse_ranges(text):
    codes = []
    for part in text.split(","):
        part = part.removeprefix("U+")
        low, _, high = part.partition("-")
        codes.extend(range(int(low, 16), int(high or low, 16) + 1))
    return codes


def display(subset_name):
    """Latin text is laid out once: in the web font if it is there in time
    (the roman is preloaded; a returning reader has both faces cached), else
    in the tuned fallback, kept for this page, so nothing moves when the
    file arrives. The extended subsets swap in: they only ever draw the odd
    letter (a name, a place), and a word drawn from two typefaces reads
    worse than a letter that widens a little."""
    return "optional" if subset_name == "latin" else "swap"


def font_face_rules(files):
    rules = []
    for (face, style, weight, _, _), subset_name, file_name in files:
        rules.append(
            "@font-face {\n"
            f'  font-family: "{FAMILY}";\n'
            f"  font-style: {style};\n"
            f"  font-weight: {weight};\n"
            f"  font-display: {display(subset_name)};\n"
            f'  src: url("fonts/{file_name}") format("woff2");\n'
            f"  unicode-range: {RANGES[subset_name]};\n"
            "}\n"
        )
    for suffix, upm, averages, names in FALLBACKS:
        for key, (style, weight) in STYLES.items():
            ratio = (SOURCE_SERIF_AVG[key] / SOURCE_SERIF_UPM) / (averages[key] / upm)
            ascent = SOURCE_SERIF_ASCENT / SOURCE_SERIF_UPM / ratio
            descent = SOURCE_SERIF_DESCENT / SOURCE_SERIF_UPM / ratio
            local = ", ".join(f'local("{n}")' for n in names[key])
            rules.append(
                "@font-face {\n"
                f'  font-family: "{FAMILY} {suffix}";\n'
                f"  font-style: {style};\n"
                f"  font-weight: {weight};\n"
                f"  src: {local};\n"
                f"  size-adjust: {ratio * 100:.2f}%;\n"
                f"  ascent-override: {ascent * 100:.2f}%;\n"
                f"  descent-override: {descent * 100:.2f}%;\n"
                "  line-gap-override: 0%;\n"
                "}\n"
            )
    stack = ", ".join(f'"{FAMILY} {s}"' for s, *_ in FALLBACKS)
    rules.append(
        ":root {\n"
        "  /* The text face, then its metric-matched fallbacks, then any serif. */\n"
        f'  --serif: "{FAMILY}", {stack}, serif;\n'
        "}\n"
    )
    return "\n".join(rules)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.woff2"):
        old.unlink()
    files = []
    manifest = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        packages = {kind: npm_pack(spec, tmp) for kind, spec in PACKAGES.items()}
        for face in FACES:
            name, _, weights, kind, pattern = face
            for subset_name in RANGES:
                source = packages[kind] / "files" / pattern.format(subset=subset_name)
                made = tmp / f"{name}-{subset_name}.woff2"
                make_face(source, weights, subset_name, made)
                data = made.read_bytes()
                digest = hashlib.sha256(data).hexdigest()[:10]
                file_name = f"broadsheet-serif-{name}-{subset_name}-{digest}.woff2"
                (OUT / file_name).write_bytes(data)
                files.append((face, subset_name, file_name))
                manifest[f"{name}-{subset_name}"] = {"file": file_name, "bytes": len(data)}
        licence = (packages["variable"] / "LICENSE").read_text()
    (OUT / "OFL.txt").write_text(licence)
    css = CSS.read_text()
    start, end = css.index(BEGIN), css.index(END)
    CSS.write_text(css[: start + len(BEGIN)] + "\n\n" + font_face_rules(files) + "\n" + css[end:])
    # The one preload: the roman's Latin file.
    index = INDEX.read_text()
    preload = re.compile(r'href="fonts/[a-z0-9-]+-roman-latin-[0-9a-f]+\.woff2"')
    roman = manifest["roman-latin"]["file"]
    if not preload.search(index):
        sys.exit("index.html has no font preload to update")
    INDEX.write_text(preload.sub(f'href="fonts/{roman}"', index))
    for key, entry in manifest.items():
        print(f"{entry['bytes']:>7} B  {entry['file']}")


if __name__ == "__main__":
    sys.exit(main())
