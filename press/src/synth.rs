//! A synthetic archive: `site.toml` and N Markdown articles across six
//! sections, for benchmarks and tests. Article `i` (0 is the newest) depends
//! only on the seed and `i`, never on N, so archives of every size share
//! their newest articles, and so their front page and first section pages.

use rayon::prelude::*;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Marks a folder as made by `synth`, so a later run may replace it.
const MARKER: &str = ".broadsheet-synth";
/// Raised whenever the articles written change, so kept archives are remade.
const GENERATOR: u32 = 3;
/// The newest article's time: 2025-06-30T18:00:00Z.
const NEWEST: i64 = 1_751_306_400;
/// Seconds between articles, on average.
const SPACING: i64 = 1500;
/// Hero pictures per section, shared by its articles: the first a
/// photograph (JPEG, so each build shows what its copies cost:
/// docs/images.md), the others SVG.
const PICTURES: u64 = 4;

const SECTIONS: [(&str, &str, &str); 6] = [
    (
        "world",
        "World",
        "News from beyond the city: diplomacy, conflict and trade.",
    ),
    (
        "politics",
        "Politics",
        "Council, parliament and the decisions that shape the city.",
    ),
    ("business", "Business", "Companies, markets, jobs & money."),
    ("science", "Science", "Research, health, nature and the climate."),
    ("culture", "Culture", "Books, stage, music and art."),
    (
        "sport",
        "Sport",
        "Teams, athletes and the games the city talks about.",
    ),
];

const TAGS: [[&str; 12]; 6] = [
    [
        "diplomacy",
        "trade",
        "climate",
        "elections",
        "conflict",
        "aid",
        "energy",
        "migration",
        "summits",
        "shipping",
        "water",
        "health",
    ],
    [
        "council",
        "budget",
        "housing",
        "transport",
        "elections",
        "schools",
        "planning",
        "libraries",
        "policing",
        "climate",
        "parks",
        "taxes",
    ],
    [
        "markets",
        "jobs",
        "retail",
        "energy",
        "startups",
        "property",
        "banking",
        "tourism",
        "manufacturing",
        "port",
        "wages",
        "trade",
    ],
    [
        "space",
        "health",
        "climate",
        "wildlife",
        "rivers",
        "physics",
        "medicine",
        "energy",
        "oceans",
        "genetics",
        "weather",
        "computing",
    ],
    [
        "books",
        "theatre",
        "music",
        "art",
        "film",
        "festivals",
        "museums",
        "dance",
        "poetry",
        "heritage",
        "comedy",
        "photography",
    ],
    [
        "football",
        "cricket",
        "rugby",
        "athletics",
        "rowing",
        "cycling",
        "tennis",
        "swimming",
        "boxing",
        "hockey",
        "sailing",
        "chess",
    ],
];

const PEOPLE: [&str; 16] = [
    "Amara Osei",
    "Ben Hartley",
    "Chen Wei",
    "Dana Kowalski",
    "Eilidh Ross",
    "Farid Haddad",
    "Grace Mensah",
    "Hugo Lindqvist",
    "Isla Moreno",
    "Jonas Weber",
    "Kemi Adeyemi",
    "Liam O'Connor",
    "Maya Patel",
    "Noah Fischer",
    "Olga Ivanova",
    "Priya Natarajan",
];

const SUBJECTS: [&str; 16] = [
    "Council",
    "Harbour board",
    "Researchers",
    "Ministers",
    "Local firms",
    "Fans",
    "Residents",
    "Unions",
    "Museum",
    "City hall",
    "Rail operator",
    "Hospital trust",
    "Festival",
    "Growers",
    "Club",
    "Regulator",
];
const VERBS: [&str; 12] = [
    "backs",
    "delays",
    "unveils",
    "rejects",
    "expands",
    "reviews",
    "cuts",
    "doubles",
    "questions",
    "revives",
    "opens",
    "funds",
];
const OBJECTS: [&str; 16] = [
    "plan for new bridge",
    "riverside housing scheme",
    "night-bus network",
    "\"green\" port project",
    "fish & chips trail",
    "winter arts season",
    "school meals pledge",
    "tram extension",
    "flood defences",
    "youth academy",
    "solar farm bid",
    "library opening hours",
    "market hall repairs",
    "cycle lanes <for now>",
    "research centre",
    "summer festival",
];
const WORDS: [&str; 48] = [
    "the",
    "city",
    "plan",
    "said",
    "would",
    "council",
    "residents",
    "new",
    "year",
    "more",
    "than",
    "people",
    "after",
    "spokesperson",
    "local",
    "report",
    "week",
    "government",
    "money",
    "cost",
    "project",
    "years",
    "first",
    "million",
    "work",
    "next",
    "group",
    "public",
    "support",
    "proposal",
    "change",
    "month",
    "harbour",
    "river",
    "families",
    "schools",
    "record",
    "season",
    "question",
    "evidence",
    "figures",
    "across",
    "region",
    "team",
    "visitors",
    "business",
    "national",
    "future",
];

/// A small, fixed pseudo-random sequence (SplitMix64), shared with
/// `synth_wordpress`.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64, i: u64) -> Rng {
        Rng(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub(crate) fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

/// Writes `site.toml`, each section's pictures and `articles` articles into
/// `out`, and returns true. A folder made by an earlier run with the same
/// numbers is kept as it is (and false returned); one made with others is
/// replaced; any other non-empty folder is refused.
pub fn synth(out: &Path, articles: usize, seed: u64) -> io::Result<bool> {
    let marker = format!("generator = {GENERATOR}\narticles = {articles}\nseed = {seed}\n");
    if fs::read_to_string(out.join(MARKER)).is_ok_and(|m| m == marker) {
        return Ok(false);
    }
    if out.exists() {
        let empty = fs::read_dir(out)?.next().is_none();
        if !empty && !out.join(MARKER).exists() {
            return Err(io::Error::other(format!(
                "{} is not empty and was not made by synth; choose another folder",
                out.display()
            )));
        }
        fs::remove_dir_all(out)?;
    }
    fs::create_dir_all(out)?;
    // Until the end, the marker says the folder is incomplete.
    fs::write(out.join(MARKER), "incomplete\n")?;
    fs::write(out.join("site.toml"), site_toml())?;
    for (s, (slug, name, _)) in SECTIONS.iter().enumerate() {
        let dir = out.join(slug);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("picture-0.jpg"), photograph(s as u32))?;
        for p in 1..PICTURES {
            fs::write(
                dir.join(format!("picture-{p}.svg")),
                picture(name, s as u64 * PICTURES + p),
            )?;
        }
    }
    (0..articles).into_par_iter().try_for_each(|i| {
        let (section, slug, text) = article(seed, i, articles);
        fs::write(out.join(section).join(format!("{slug}.md")), text)
    })?;
    fs::write(out.join(MARKER), marker)?;
    Ok(true)
}

fn site_toml() -> String {
    let mut s = String::from(
        "# A synthetic archive made by `broadsheet-press synth`.\n\
         name = \"The Synthetic Courier\"\n\
         tagline = \"Every story made up, every byte counted\"\n\
         locale = \"en-GB\"\n\
         time_zone = \"Europe/London\"\n\
         base_url = \"https://courier.example.org/\"\n\
         page_size = 12\n",
    );
    for (slug, name, description) in SECTIONS {
        let _ = write!(
            s,
            "\n[[sections]]\nslug = \"{slug}\"\nname = \"{name}\"\ndescription = \"{description}\"\n"
        );
    }
    // Every byline's author, so a synthetic archive has author pages.
    for (i, name) in PEOPLE.iter().enumerate() {
        let desk = SECTIONS[i % SECTIONS.len()].1;
        let _ = write!(
            s,
            "\n[[authors]]\nname = \"{name}\"\nbio = \"Reports for the {desk} desk.\"\n"
        );
    }
    s
}

fn picture(name: &str, shade: u64) -> String {
    let hue = shade * 360 / (SECTIONS.len() as u64 * PICTURES);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"675\" viewBox=\"0 0 1200 675\">\
         <rect width=\"1200\" height=\"675\" fill=\"hsl({hue},45%,60%)\"/>\
         <circle cx=\"900\" cy=\"200\" r=\"120\" fill=\"hsl({hue},60%,85%)\"/>\
         <text x=\"60\" y=\"620\" font-size=\"64\" fill=\"#fff\">{name}</text></svg>\n"
    )
}

/// A photograph-like JPEG, 1200×675 (the size the heroes declare): a sky and a sea in gradients with
/// grain, as a camera's would have (flat colours would flatter the encoders).
fn photograph(shade: u32) -> Vec<u8> {
    let (width, height) = (1200u32, 675u32);
    let mut state = 0x9e37_79b9u32.wrapping_mul(shade + 1);
    let hue = (shade * 37 % 120) as i32;
    let mut rgb = Vec::with_capacity((width * height * 3) as usize);
    for (x, y) in (0..height).flat_map(|y| (0..width).map(move |x| (x, y))) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state % 17) as i32 - 8;
        let (fx, fy) = ((x * 255 / width) as i32, (y * 255 / height) as i32);
        let wave = (((x as f32) / 37.0).sin() * ((y as f32) / 11.0).cos() * 12.0) as i32;
        let [r, g, b] = if y < height * 3 / 5 {
            [200 - fy / 2 + hue / 3, 140 - fy / 3 + fx / 8, 110 + fy / 2]
        } else {
            [
                40 + fx / 10 + wave,
                60 + hue / 4 + wave,
                90 + (255 - fy) / 4 + wave,
            ]
        };
        let c = |v: i32| (v + grain).clamp(0, 255) as u8;
        rgb.extend([c(r), c(g), c(b)]);
    }
    broadsheet_press_codec::jpeg(&rgb, width, height, 82).expect("an image in memory encodes")
}

fn sentence(rng: &mut Rng, words: u64) -> String {
    let mut s = String::new();
    for w in 0..words {
        let word = rng.pick(&WORDS);
        if w == 0 {
            let mut c = word.chars();
            if let Some(first) = c.next() {
                s.extend(first.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(word);
        }
    }
    s.push('.');
    s
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Article `i` of an archive of `total`: (section, slug, file text).
fn article(seed: u64, i: usize, total: usize) -> (&'static str, String, String) {
    let mut rng = Rng::new(seed, i as u64);
    let (s, headline, slug) = head(&mut rng, i);
    let section = SECTIONS[s].0;
    let published = NEWEST - i as i64 * SPACING - rng.below(SPACING as u64 - 1) as i64;
    let mut text = String::with_capacity(3000);
    text.push_str("+++\n");
    let _ = writeln!(text, "headline = {}", toml_string(&headline));
    let words = 18 + rng.below(14);
    let _ = writeln!(text, "standfirst = {}", toml_string(&sentence(&mut rng, words)));
    let authors: Vec<String> = (0..1 + rng.below(2))
        .map(|_| toml_string(rng.pick(&PEOPLE)))
        .collect();
    let _ = writeln!(text, "authors = [{}]", authors.join(", "));
    let _ = writeln!(text, "published = \"{}\"", crate::xml::w3c(published));
    if rng.below(5) == 0 {
        let updated = published + 3600 * (1 + rng.below(6) as i64);
        let _ = writeln!(text, "updated = \"{}\"", crate::xml::w3c(updated));
    }
    let mut tags: Vec<&str> = (0..2 + rng.below(3)).map(|_| rng.pick(&TAGS[s])).collect();
    tags.sort_unstable();
    tags.dedup();
    let tags: Vec<String> = tags.iter().map(|t| toml_string(t)).collect();
    let _ = writeln!(text, "tags = [{}]", tags.join(", "));
    if rng.below(10) != 0 {
        let p = rng.below(PICTURES);
        let file = if p == 0 {
            "picture-0.jpg".to_string()
        } else {
            format!("picture-{p}.svg")
        };
        let _ = write!(
            text,
            "\n[hero]\nsrc = \"{file}\"\nalt = \"An abstract picture for the {} section: a pale circle over a coloured field.\"\n\
             caption = \"{}\"\ncredit = \"Illustration: The Synthetic Courier\"\nwidth = 1200\nheight = 675\n",
            SECTIONS[s].1,
            sentence(&mut rng, 8)
        );
    }
    text.push_str("+++\n");
    let paragraphs = 4 + rng.below(5);
    for p in 0..paragraphs {
        text.push('\n');
        if p == 2 && rng.below(2) == 0 {
            let words = 3 + rng.below(3);
            let _ = writeln!(text, "## {}\n", sentence(&mut rng, words).trim_end_matches('.'));
        }
        match (p, rng.below(8)) {
            (1, 0) => {
                let words = 12 + rng.below(10);
                let _ = writeln!(text, "> \"{}\"", sentence(&mut rng, words));
            }
            (3, 1) => {
                for _ in 0..3 {
                    let words = 4 + rng.below(6);
                    let _ = writeln!(text, "- {}", sentence(&mut rng, words));
                }
            }
            _ => {
                let sentences = 2 + rng.below(4);
                for k in 0..sentences {
                    if k > 0 {
                        text.push(' ');
                    }
                    let words = 10 + rng.below(16);
                    let mut line = sentence(&mut rng, words);
                    match rng.below(12) {
                        0 => line = format!("*{}*", line.trim_end_matches('.')) + ".",
                        1 => line = format!("**{}**", line.trim_end_matches('.')) + ".",
                        2 => {
                            let _ = write!(line, " [Read the report](https://example.org/reports/{i}-{p}).");
                        }
                        3 => {
                            // A link to an older article, when the archive has it.
                            let j = i + 1 + rng.below(20) as usize;
                            if j < total {
                                let (sec, _, target) = head(&mut Rng::new(seed, j as u64), j);
                                let sec = SECTIONS[sec].0;
                                let _ = write!(line, " [Earlier coverage](/{sec}/{target}).");
                            }
                        }
                        _ => {}
                    }
                    text.push_str(&line);
                }
                text.push('\n');
            }
        }
    }
    (section, slug, text)
}

/// Article `i`'s section (index), headline and slug: the first draws of its sequence.
fn head(rng: &mut Rng, i: usize) -> (usize, String, String) {
    let s = rng.below(SECTIONS.len() as u64) as usize;
    let headline = format!(
        "{} {} {}",
        rng.pick(&SUBJECTS),
        rng.pick(&VERBS),
        rng.pick(&OBJECTS)
    );
    let slug_words: String = headline
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .collect::<Vec<_>>()
        .join("-");
    (s, headline, format!("{slug_words}-{i}"))
}
