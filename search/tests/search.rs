//! The writer and the engine together, natively, over indexes held in memory.

use broadsheet_search::write::{write_dir, Builder, Document, Params};
use broadsheet_search::{Engine, Error, Order, Query, Results};
use std::collections::HashMap;

fn doc(path: &str, section: &str, published: i64, headline: &str, body: &str) -> Document {
    Document {
        path: path.into(),
        section: section.into(),
        published,
        headline: headline.into(),
        standfirst: String::new(),
        body: body.into(),
        tags: Vec::new(),
        authors: Vec::new(),
    }
}

fn build_with(params: Params, docs: Vec<Document>) -> HashMap<String, Vec<u8>> {
    let mut b = Builder::new(params);
    b.add(docs);
    b.finish().unwrap().files.into_iter().collect()
}

fn build(docs: Vec<Document>) -> HashMap<String, Vec<u8>> {
    build_with(Params::default(), docs)
}

fn search(files: &HashMap<String, Vec<u8>>, q: &Query) -> Results {
    let mut fetch = files.clone();
    let mut engine = Engine::open(&mut fetch).unwrap();
    engine.run(q, &mut fetch).unwrap()
}

fn paths(r: &Results) -> Vec<&str> {
    r.hits.iter().map(|h| h.path.as_str()).collect()
}

/// Filler that shares no words with the queries below.
fn filler(n: usize) -> String {
    ["lorem", "ipsum", "dolor", "sit", "amet"]
        .iter()
        .cycle()
        .take(n)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

fn sample() -> Vec<Document> {
    vec![
        doc(
            "world/a",
            "world",
            100,
            "Voters head to the polls",
            &format!("The election is close. {}", filler(60)),
        ),
        doc("politics/b", "politics", 200, "Election day arrives", &filler(60)),
        doc(
            "culture/c",
            "culture",
            300,
            "A café reopens",
            &format!("The cafe on the corner serves coffee. {}", filler(40)),
        ),
        doc(
            "world/d",
            "world",
            400,
            "Elections across the region",
            &format!("Electoral rolls and elections. {}", filler(40)),
        ),
        doc(
            "sport/e",
            "sport",
            500,
            "Naïve defending costs the cup",
            "Zoë Ørsted scored. Une défense naïve.",
        ),
    ]
}

#[test]
fn a_word_in_the_headline_beats_one_mention_in_the_body() {
    let r = search(&build(sample()), &Query::new("election"));
    let p = paths(&r);
    let headline = p.iter().position(|x| *x == "politics/b").unwrap();
    let body = p.iter().position(|x| *x == "world/a").unwrap();
    assert!(headline < body, "{p:?}");
}

#[test]
fn bm25_saturates_and_normalises_length() {
    let word = |n: usize| vec!["zebra"; n].join(" ");
    let docs = vec![
        doc("s/once", "s", 1, "x", &format!("{} {}", word(1), filler(99))),
        doc("s/ten", "s", 2, "x", &format!("{} {}", word(10), filler(90))),
        doc("s/twenty", "s", 3, "x", &format!("{} {}", word(20), filler(80))),
        doc("s/short", "s", 4, "x", &format!("{} {}", word(1), filler(9))),
        doc("s/none", "s", 5, "x", &filler(100)),
    ];
    let r = search(&build(docs), &Query::new("zebra"));
    let score: HashMap<&str, f32> = r.hits.iter().map(|h| (h.path.as_str(), h.score)).collect();
    assert!(score["s/twenty"] > score["s/ten"] && score["s/ten"] > score["s/once"]);
    // Twice the occurrences are worth far less than twice the score.
    assert!(score["s/twenty"] / score["s/ten"] < 1.25, "{score:?}");
    assert!(score["s/ten"] / score["s/once"] < 4.0, "{score:?}");
    // The same single mention counts more in a short document.
    assert!(score["s/short"] > score["s/once"]);
    assert_eq!((r.total, r.total_exact), (4, true));
}

#[test]
fn stemming_finds_other_forms() {
    let files = build(sample());
    let r = search(&files, &Query::new("elections"));
    let p = paths(&r);
    for want in ["world/a", "politics/b", "world/d"] {
        assert!(p.contains(&want), "{want} in {p:?}");
    }
    let hit = r.hits.iter().find(|h| h.path == "politics/b").unwrap();
    assert_eq!(&hit.headline[hit.headline_marks[0].clone()], "Election");
}

#[test]
fn the_last_word_is_a_prefix_while_typing() {
    let files = build(sample());
    assert!(search(&files, &Query::new("elec")).hits.is_empty());
    let typing = search(&files, &Query::typing("elec"));
    assert!(paths(&typing).contains(&"politics/b"), "{:?}", paths(&typing));
    // `electoral` starts with `elec` too, and is marked as such.
    let d = typing.hits.iter().find(|h| h.path == "world/d").unwrap();
    let marked: Vec<&str> = d
        .excerpt
        .marks
        .iter()
        .map(|m| &d.excerpt.text[m.clone()])
        .collect();
    assert!(
        marked.contains(&"Electoral") && marked.contains(&"elections"),
        "{marked:?}"
    );
    // A space after the word says it is finished.
    assert!(search(&files, &Query::typing("elec ")).hits.is_empty());
    // The words before the last are whole words.
    assert!(search(&files, &Query::typing("elec cafe"))
        .hits
        .iter()
        .all(|h| h.path == "culture/c"));
}

#[test]
fn section_filter() {
    let q = Query {
        section: Some("world".into()),
        ..Query::new("election")
    };
    let r = search(&build(sample()), &q);
    assert_eq!(paths(&r), ["world/d", "world/a"]);
    let none = Query {
        section: Some("nowhere".into()),
        ..Query::new("election")
    };
    assert!(search(&build(sample()), &none).hits.is_empty());
}

#[test]
fn newest_first_needs_every_word() {
    let files = build(sample());
    let q = Query {
        order: Order::Newest,
        ..Query::new("election")
    };
    assert_eq!(paths(&search(&files, &q)), ["world/d", "politics/b", "world/a"]);
    let both = Query {
        order: Order::Newest,
        ..Query::new("election region")
    };
    assert_eq!(paths(&search(&files, &both)), ["world/d"]);
}

#[test]
fn diacritics_fold() {
    let files = build(sample());
    assert_eq!(paths(&search(&files, &Query::new("cafe"))), ["culture/c"]);
    assert_eq!(paths(&search(&files, &Query::new("CAFÉ"))), ["culture/c"]);
    assert_eq!(paths(&search(&files, &Query::new("orsted"))), ["sport/e"]);
}

#[test]
fn marks_land_on_the_right_characters_in_multibyte_text() {
    let r = search(&build(sample()), &Query::new("naive zoe"));
    let h = &r.hits[0];
    assert_eq!(&h.headline[h.headline_marks[0].clone()], "Naïve");
    let mut docs = sample();
    docs[4].standfirst = format!(
        "日本語のテキスト — {} Zoë et la défense naïve, encore naïve.",
        "ü".repeat(300)
    );
    let r = search(&build(docs), &Query::new("naive zoe"));
    let e = &r.hits[0].excerpt;
    assert!(e.text.starts_with('…'), "{}", e.text);
    let marked: Vec<&str> = e.marks.iter().map(|m| &e.text[m.clone()]).collect();
    // The standfirst's words, then the body's (its first characters are kept too).
    assert_eq!(marked, ["Zoë", "naïve", "naïve", "Zoë", "naïve"]);
    assert!(e.text.chars().count() <= broadsheet_search::EXCERPT_CHARS + 2);
}

#[test]
fn bad_queries_never_break() {
    let files = build(sample());
    let long = "election ".repeat(250);
    for q in [
        "",
        "   ",
        "\"'<script>alert(1)</script>",
        "%&",
        &long,
        "🗳️ 🎉",
        "انتخابات",
        "the",
        "a",
    ] {
        for order in [Order::Relevance, Order::Newest] {
            let r = search(
                &files,
                &Query {
                    order,
                    ..Query::typing(q)
                },
            );
            assert!(r.hits.len() <= 10, "{q}");
        }
    }
    assert_eq!(search(&files, &Query::new("the")).hits.len(), 4);
}

/// An archive big enough that every term has tiers, chunks and files.
fn archive(n: usize) -> Vec<Document> {
    let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    ];
    (0..n)
        .map(|i| {
            let body: Vec<&str> = (0..30)
                .map(|k| words[(i * 7 + k * k + i / 3) % words.len()])
                .collect();
            let section = ["world", "sport", "science"][i % 3];
            let headline = format!(
                "{} story {}",
                words[i % 5],
                if i % 11 == 0 { "rareword" } else { "" }
            );
            doc(
                &format!("{section}/{i}"),
                section,
                1000 + (i as i64 * 37) % 500,
                &headline,
                &body.join(" "),
            )
        })
        .collect()
}

fn small() -> Params {
    Params {
        first_tier: 3,
        tier_growth: 2,
        inline_max: 2,
        chunk_size: 4,
        docs_per_shard: 3,
        terms_shard_bytes: 40,
        ..Params::default()
    }
}

#[test]
fn tiny_tiers_chunks_and_shards_give_the_same_answers() {
    let whole = build_with(
        Params {
            first_tier: 1 << 20,
            chunk_size: 1 << 20,
            ..Params::default()
        },
        archive(200),
    );
    let sharded = build_with(small(), archive(200));
    assert!(sharded.keys().filter(|k| k.starts_with("terms/")).count() > 3);
    for text in ["alpha", "rareword", "alpha bravo", "hotel rareword", "golf"] {
        for order in [Order::Relevance, Order::Newest] {
            for section in [None, Some("sport".to_string())] {
                let q = Query {
                    order,
                    section,
                    limit: 7,
                    ..Query::new(text)
                };
                let (a, b) = (search(&whole, &q), search(&sharded, &q));
                let ds = |r: &Results| {
                    r.hits
                        .iter()
                        .map(|h| (h.path.clone(), h.published))
                        .collect::<Vec<_>>()
                };
                if order == Order::Newest {
                    assert_eq!(ds(&a), ds(&b), "{q:?}");
                } else {
                    // Scores agree; equal scores may come in either order.
                    let scores = |r: &Results| r.hits.iter().map(|h| h.score).collect::<Vec<_>>();
                    assert_eq!(scores(&a), scores(&b), "{q:?}");
                }
                let page2 = search(
                    &sharded,
                    &Query {
                        offset: 7,
                        ..q.clone()
                    },
                );
                assert!(
                    page2
                        .hits
                        .iter()
                        .all(|h| !b.hits.iter().any(|x| x.path == h.path)),
                    "{q:?}"
                );
            }
        }
    }
    // Newest first is by date, newest first.
    let r = search(
        &sharded,
        &Query {
            order: Order::Newest,
            limit: 50,
            ..Query::new("alpha")
        },
    );
    assert!(r.hits.windows(2).all(|w| w[0].published >= w[1].published));
    // A prefix whose terms cross dictionary shards still expands.
    let r = search(&sharded, &Query::typing("rarew"));
    assert!(!r.hits.is_empty());
}

#[test]
fn output_is_deterministic_whatever_the_order_and_batching() {
    let a = build(archive(120));
    let mut docs = archive(120);
    docs.reverse();
    let mut b = Builder::new(Params {
        threads: 3,
        ..Params::default()
    });
    for batch in docs.chunks(17) {
        b.add(batch.to_vec());
    }
    let b: HashMap<_, _> = b.finish().unwrap().files.into_iter().collect();
    assert!(a == b);
}

#[test]
fn the_cache_reuses_analysis_and_changes_nothing() {
    let mut first = Builder::new(small());
    first.add(archive(100));
    let cache = first.finish().unwrap().cache;
    let mut docs = archive(100);
    docs[5].body.push_str(" zulu");
    let mut cached = Builder::new(small());
    assert!(cached.load_cache(&cache));
    cached.add(docs.clone());
    let cached = cached.finish().unwrap();
    assert_eq!((cached.stats.analysed, cached.stats.reused), (1, 99));
    let mut fresh = Builder::new(small());
    fresh.add(docs);
    assert!(fresh.finish().unwrap().files == cached.files);
    assert!(!Builder::new(small()).load_cache(b"garbage"));
}

#[test]
fn broken_files_give_errors_that_name_them() {
    let files = build_with(small(), archive(60));
    let q = Query::new("alpha bravo");
    let needed: Vec<String> = {
        let mut log = Vec::new();
        let mut fetch = |p: &str| {
            log.push(p.to_string());
            files.get(p).cloned().ok_or_else(|| "not found".to_string())
        };
        let mut engine = Engine::open(&mut fetch).unwrap();
        engine.run(&q, &mut fetch).unwrap();
        log
    };
    for path in &needed {
        let bytes = &files[path];
        let variants: Vec<(&str, Option<Vec<u8>>)> = vec![
            ("missing", None),
            ("truncated", Some(bytes[..bytes.len() / 2].to_vec())),
            ("empty", Some(Vec::new())),
            ("garbage", Some(vec![0xFF; 40])),
            ("new version", Some([&bytes[..4], &[99], &bytes[5..]].concat())),
            ("extended", Some([bytes.as_slice(), &[1, 2, 3]].concat())),
        ];
        for (what, replacement) in variants {
            let mut broken = files.clone();
            match replacement {
                None => broken.remove(path),
                Some(b) => broken.insert(path.clone(), b),
            };
            let result = Engine::open(&mut broken.clone()).and_then(|mut e| e.run(&q, &mut broken));
            let err = result.expect_err(&format!("{what} {path}"));
            let named = match &err {
                Error::Fetch { path: p, .. }
                | Error::Malformed { path: p, .. }
                | Error::Version { path: p, .. } => p,
            };
            // A truncated docs shard may still parse as a shorter one: then
            // the hit it should hold is what is found missing.
            assert!(named == path || what == "truncated", "{what} {path}: {err}");
            assert!(err.to_string().contains("search index file"), "{err}");
        }
    }
}

#[test]
fn written_to_a_folder_and_read_back() {
    let dir = std::env::temp_dir().join(format!("broadsheet-search-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut b = Builder::new(small());
    b.add(archive(50));
    let index = b.finish().unwrap();
    let w = write_dir(&dir, &index).unwrap();
    assert_eq!((w.written, w.unchanged), (index.files.len(), 0));
    std::fs::write(dir.join("docs/999.bin"), b"stale").unwrap();
    let again = write_dir(&dir, &index).unwrap();
    assert_eq!(
        (again.written, again.unchanged, again.removed),
        (0, index.files.len(), 1)
    );
    let mut fetch = |p: &str| std::fs::read(dir.join(p)).map_err(|e| e.to_string());
    let mut engine = Engine::open(&mut fetch).unwrap();
    assert!(!engine
        .run(&Query::new("alpha"), &mut fetch)
        .unwrap()
        .hits
        .is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
