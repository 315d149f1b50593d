//! The search index at archive scale:
//!
//! ```sh
//! cargo run --release -p broadsheet-search --features write --example bench -- --articles 100000
//! ```
//!
//! Makes (or reuses) the press's synthetic archive in target/search-bench/
//! (`broadsheet-press synth`, then `build`), reads its article JSON, builds
//! the index, rebuilds it with a few articles changed (the analysis cache),
//! and prints build time, peak memory, size, and what first and second
//! queries transfer, compressed as a host would serve them. `--dist DIR`
//! reads an existing build instead; `--press BIN` uses a built press.

use broadsheet_model::{Article, Block, Span};
use broadsheet_search::write::{self, Builder, Document, Params};
use broadsheet_search::{Engine, Fetch, Order, Query, Results, Step};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use std::{env, fs};

fn main() {
    let mut articles = 100_000usize;
    let mut dist: Option<PathBuf> = None;
    let mut press: Option<String> = None;
    let mut params = Params::default();
    let mut changed = 100usize;
    let args: Vec<String> = env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--articles" => articles = value.replace('_', "").parse().expect("--articles N"),
            "--dist" => dist = Some(value.into()),
            "--press" => press = Some(value),
            "--lead" => params.lead_chars = value.parse().expect("--lead N"),
            "--docs-per-shard" => params.docs_per_shard = value.parse().expect("--docs-per-shard N"),
            "--first-tier" => params.first_tier = value.parse().expect("--first-tier N"),
            "--changed" => changed = value.parse().expect("--changed N"),
            other => panic!("unknown option {other}"),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/search-bench");
    let dist = dist.unwrap_or_else(|| synth(&root, articles, press.as_deref()));
    let out = root.join(format!("index-{articles}"));
    let cache_file = root.join(format!("cache-{articles}.bin"));
    let _ = fs::remove_file(&cache_file);

    // Read the articles the press built: not part of the index's cost (the
    // press has them in memory), so timed apart.
    let t = Instant::now();
    let mut docs = read_articles(&dist.join("content/articles"));
    // The synthetic archive has no rare words (its vocabulary is ~200
    // words): give three articles one, so that case is measured too.
    for i in [0, docs.len() / 3, 2 * docs.len() / 3] {
        docs[i].body.push_str(" A zeppelin was seen.");
    }
    let read = t.elapsed();
    println!(
        "read {} articles from {} in {:.1} s",
        docs.len(),
        dist.display(),
        read.as_secs_f64()
    );

    let (built, index_time, write_time) = build(&params, &docs, None, &out);
    fs::write(&cache_file, &built.cache).expect("write cache");
    let hwm = peak_memory_kb();
    let s = &built.stats;
    println!(
        "full build: {:.2} s index + {:.2} s write; {} terms, {} postings, {} files, {:.1} MB; cache {:.1} MB",
        index_time.as_secs_f64(),
        write_time.as_secs_f64(),
        s.terms,
        s.postings,
        s.files,
        s.bytes as f64 / 1e6,
        built.cache.len() as f64 / 1e6
    );
    println!(
        "peak memory (VmHWM, whole process incl. the articles read): {:.0} MB",
        hwm as f64 / 1024.0
    );

    // A rebuild with `changed` articles edited and the cache of the first.
    let mut edited = docs.clone();
    for d in edited
        .iter_mut()
        .step_by((docs.len() / changed.max(1)).max(1))
        .take(changed)
    {
        d.body.push_str(" An update was added to this article.");
    }
    let cache = fs::read(&cache_file).expect("cache");
    let (rebuilt, re_time, re_write) = build(&params, &edited, Some(&cache), &out);
    println!(
        "rebuild with {changed} changed: {:.2} s index + {:.2} s write; analysed {}, reused {}",
        re_time.as_secs_f64(),
        re_write.as_secs_f64(),
        rebuilt.stats.analysed,
        rebuilt.stats.reused
    );
    let (_, nocache_time, _) = build(&params, &edited, None, &out);
    println!(
        "the same rebuild without the cache: {:.2} s index",
        nocache_time.as_secs_f64()
    );

    queries(&docs, &out, &dist);
}

fn build(
    params: &Params,
    docs: &[Document],
    cache: Option<&[u8]>,
    out: &Path,
) -> (write::Index, Duration, Duration) {
    let t = Instant::now();
    let mut b = Builder::new(params.clone());
    if let Some(c) = cache {
        assert!(b.load_cache(c), "cache unreadable");
    }
    for batch in docs.chunks(4096) {
        b.add(batch.to_vec());
    }
    let index = b.finish().expect("finish");
    let took = t.elapsed();
    let t = Instant::now();
    let w = write::write_dir(out, &index).expect("write index");
    eprintln!(
        "  wrote {} files, {} unchanged, {} removed",
        w.written, w.unchanged, w.removed
    );
    (index, took, t.elapsed())
}

/// `target/search-bench/synth-N/dist`, made with the press if missing.
fn synth(root: &Path, n: usize, press: Option<&str>) -> PathBuf {
    let dir = root.join(format!("synth-{n}"));
    let dist = dir.join("dist");
    if dist.join("content/articles").is_dir() {
        return dist;
    }
    let run = |args: &[&str]| {
        let mut cmd = match press {
            Some(bin) => Command::new(bin),
            None => {
                let mut c = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
                c.args(["run", "--release", "-q", "-p", "broadsheet-press", "--"]);
                c
            }
        };
        let status = cmd
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "broadsheet-press {args:?} failed"
        );
    };
    let src = dir.join("src");
    eprintln!(
        "making the synthetic archive of {n} articles in {}",
        dir.display()
    );
    run(&[
        "synth",
        "--articles",
        &n.to_string(),
        "--out",
        src.to_str().unwrap(),
    ]);
    run(&[
        "build",
        "--content",
        src.to_str().unwrap(),
        "--out",
        dist.to_str().unwrap(),
    ]);
    dist
}

fn spans(s: &[Span]) -> String {
    s.iter().map(|s| s.text.as_str()).collect()
}

/// An article as the index's input: the body as plain text.
pub fn document(a: &Article) -> Document {
    let mut body = String::new();
    for b in &a.body {
        let text = match b {
            Block::Paragraph { spans: s } | Block::Quote { spans: s, .. } => spans(s),
            Block::Heading { text, .. } => text.clone(),
            Block::List { items, .. } => items
                .iter()
                .map(|i| spans(&i.spans))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Image { image } => image.caption.clone().unwrap_or_default(),
            // The synthetic archive has none of these (press/src/search.rs
            // is what the site's index reads).
            _ => String::new(),
        };
        if !text.is_empty() {
            body.push_str(&text);
            body.push('\n');
        }
    }
    Document {
        path: format!("{}/{}", a.section, a.slug),
        section: a.section.clone(),
        published: broadsheet_model::parse_rfc3339(&a.published).unwrap_or(0),
        headline: a.headline.clone(),
        standfirst: a.standfirst.clone(),
        body,
        tags: a.tags.clone(),
        authors: a.authors.clone(),
    }
}

fn read_articles(dir: &Path) -> Vec<Document> {
    let mut paths = Vec::new();
    for section in fs::read_dir(dir).expect("articles folder") {
        for f in fs::read_dir(section.expect("entry").path()).expect("section folder") {
            paths.push(f.expect("entry").path());
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let a: Article =
                serde_json::from_slice(&fs::read(p).expect("read article")).expect("article JSON");
            document(&a)
        })
        .collect()
}

fn peak_memory_kb() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Reads index files from a folder and counts what it served.
struct Counting {
    dir: PathBuf,
    files: Vec<(String, usize, usize, usize)>, // path, raw, gzip, brotli
}

impl Fetch for Counting {
    fn fetch(&mut self, path: &str) -> Result<Vec<u8>, String> {
        let bytes = fs::read(self.dir.join(path)).map_err(|e| e.to_string())?;
        let (gz, br) = compressed(&bytes);
        self.files.push((path.to_string(), bytes.len(), gz, br));
        Ok(bytes)
    }
}

/// gzip -6 and brotli -11 sizes, as a host that compresses (or serves
/// precompressed files) would send them.
fn compressed(bytes: &[u8]) -> (usize, usize) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(bytes).unwrap();
    let gz = gz.finish().unwrap().len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).unwrap();
    (gz, br.len())
}

struct Cost {
    files: usize,
    rounds: usize,
    raw: usize,
    gz: usize,
    br: usize,
    time: Duration,
}

/// Runs a query as a client would, round by round (each round's files could
/// be fetched in parallel), timing only the engine: searching and parsing.
fn run(engine: &mut Engine, fetch: &mut Counting, q: &Query) -> (Results, Cost) {
    let before = fetch.files.len();
    let mut time = Duration::ZERO;
    let mut rounds = 0;
    let r = loop {
        let t = Instant::now();
        let step = engine.search(q).expect("query");
        time += t.elapsed();
        match step {
            Step::Done(r) => break r,
            Step::Need(paths) => {
                rounds += 1;
                for p in paths {
                    let bytes = fetch.fetch(&p).expect("fetch");
                    let t = Instant::now();
                    engine.insert(&p, &bytes).expect("insert");
                    time += t.elapsed();
                }
            }
        }
    };
    let new = &fetch.files[before..];
    let cost = Cost {
        files: new.len(),
        rounds,
        raw: new.iter().map(|f| f.1).sum(),
        gz: new.iter().map(|f| f.2).sum(),
        br: new.iter().map(|f| f.3).sum(),
        time,
    };
    (r, cost)
}

fn kb(n: usize) -> String {
    format!("{:.1}", n as f64 / 1000.0)
}

fn queries(docs: &[Document], out: &Path, dist: &Path) {
    // Document frequency of every word, to pick the most common and rarest.
    let mut df: HashMap<String, usize> = HashMap::new();
    for d in docs {
        let mut seen = std::collections::HashSet::new();
        for text in [&d.headline, &d.standfirst, &d.body] {
            for w in broadsheet_search::words(text) {
                seen.insert(w.folded);
            }
        }
        for w in seen {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut by_df: Vec<(usize, String)> = df.into_iter().map(|(w, n)| (n, w)).collect();
    by_df.sort_by(|a, b| b.cmp(a));
    let common = by_df[0].1.clone();
    let content: Vec<&(usize, String)> = by_df.iter().filter(|(_, w)| w.len() > 4).collect();
    let rare = by_df
        .iter()
        .rev()
        .find(|(_, w)| !["a", "zeppelin", "was", "seen"].contains(&w.as_str()))
        .unwrap()
        .clone();
    println!(
        "most common word: {common:?} in {} of {} articles; rarest: {:?} in {}",
        by_df[0].0,
        docs.len(),
        rare.1,
        rare.0
    );
    let two = format!("{} {}", content[0].1, content[1].1);
    let typing = content[2].1[..3].to_string();
    let section = docs[0].section.clone();
    let cases: Vec<(String, Query)> = vec![
        (format!("most common word {common:?}"), Query::new(&common)),
        (format!("rarest synth word {:?}", rare.1), Query::new(&rare.1)),
        (
            "rare word \"zeppelin\" (3 articles)".to_string(),
            Query::new("zeppelin"),
        ),
        (format!("two words {two:?}"), Query::new(&two)),
        (format!("prefix while typing {typing:?}"), Query::typing(&typing)),
        (
            format!("{common:?} newest first"),
            Query {
                order: Order::Newest,
                ..Query::new(&common)
            },
        ),
        (
            format!("{two:?} newest first"),
            Query {
                order: Order::Newest,
                ..Query::new(&two)
            },
        ),
        (
            format!("{common:?} in section {section}"),
            Query {
                section: Some(section.clone()),
                ..Query::new(&common)
            },
        ),
    ];
    let second = Query::new(&content[3].1);
    println!(
        "\nfirst query (manifest included), then a second query {:?} in the same session; sizes in KB:",
        second.text
    );
    println!("| query | hits (total) | files (rounds) | raw | gzip | brotli | engine time | second: files (rounds) | gzip | brotli | engine time |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, q) in &cases {
        let mut fetch = Counting {
            dir: out.to_path_buf(),
            files: Vec::new(),
        };
        let bytes = fetch.fetch(broadsheet_search::MANIFEST_FILE).expect("manifest");
        let t = Instant::now();
        let mut engine = Engine::new(&bytes).expect("manifest");
        let open = t.elapsed();
        let (r, mut first) = run(&mut engine, &mut fetch, q);
        first.files += 1;
        first.rounds += 1;
        first.raw += fetch.files[0].1;
        first.gz += fetch.files[0].2;
        first.br += fetch.files[0].3;
        first.time += open;
        let (_, next) = run(&mut engine, &mut fetch, &second);
        println!(
            "| {name} | {} ({}{}) | {} ({}) | {} | {} | {} | {:.1} ms | {} ({}) | {} | {} | {:.1} ms |",
            r.hits.len(),
            if r.total_exact { "" } else { "~" },
            r.total,
            first.files,
            first.rounds,
            kb(first.raw),
            kb(first.gz),
            kb(first.br),
            first.time.as_secs_f64() * 1000.0,
            next.files,
            next.rounds,
            kb(next.gz),
            kb(next.br),
            next.time.as_secs_f64() * 1000.0
        );
        if name.starts_with("most common") {
            // The alternative excerpt source: each hit's article JSON.
            let (mut gz, mut br) = (0, 0);
            for h in &r.hits {
                let p = dist.join("content/articles").join(format!("{}.json", h.path));
                let (g, b) = compressed(&fs::read(p).expect("article"));
                gz += g;
                br += b;
            }
            eprintln!(
                "  excerpts from the article JSON instead would add {} KB gzip, {} KB brotli for {} hits",
                kb(gz),
                kb(br),
                r.hits.len()
            );
            for h in r.hits.iter().take(2) {
                let marked: Vec<&str> = h
                    .excerpt
                    .marks
                    .iter()
                    .map(|m| &h.excerpt.text[m.clone()])
                    .collect();
                eprintln!("  e.g. {} | {} | marks {:?}", h.headline, h.excerpt.text, marked);
            }
        }
    }
}
