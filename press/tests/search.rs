//! The search index a build writes (docs/search.md): where it goes, that the
//! engine finds what the articles say, that a rebuild reuses the analysis
//! cache and keeps unchanged files, and that a failed build keeps the old
//! index.

mod common;

use broadsheet_search::{Engine, Query};
use common::{article, snapshot, Fixture};
use std::path::Path;

fn search(out: &Path, text: &str) -> Vec<String> {
    let dir = out.join("search/index");
    let mut fetch = |p: &str| std::fs::read(dir.join(p)).map_err(|e| e.to_string());
    let mut engine = Engine::open(&mut fetch).expect("the manifest");
    let results = engine.run(&Query::new(text), &mut fetch).expect("a query");
    results.hits.into_iter().map(|h| h.path).collect()
}

#[test]
fn a_build_writes_an_index_of_every_article() {
    let f = Fixture::new();
    f.write(
        "content/world/fourth.md",
        &article(
            "Fourth",
            "2024-01-05T09:00:00Z",
            &[],
            "A zeppelin over the harbour.\n",
        ),
    );
    let report = f.build().unwrap();
    assert_eq!(report.search.documents, 6);
    assert!(f.out().join("search/index/manifest.bin").is_file());
    assert_eq!(search(&f.out(), "zeppelin"), ["world/fourth"]);
    // Headlines, standfirsts and authors are indexed too.
    assert_eq!(search(&f.out(), "race"), ["sport/race"]);
    assert_eq!(search(&f.out(), "writer").len(), 6);
    assert!(search(&f.out(), "<script>\"'%&").is_empty());
}

#[test]
fn a_rebuild_reuses_the_cache_and_keeps_unchanged_files() {
    let f = Fixture::new();
    let cache = f.path("cache/search.bin");
    let build =
        |f: &Fixture| broadsheet_press::build_cached(&f.content(), &f.out(), None, Some(&cache)).unwrap();
    let first = build(&f);
    assert_eq!((first.search.analysed, first.search.reused), (5, 0));
    assert!(cache.is_file(), "the cache is kept where it was asked to be");
    assert!(
        !snapshot(&f.out()).keys().any(|k| k.contains("cache")),
        "and not in the output"
    );
    let manifest = f.out().join("search/index/manifest.bin");
    let modified = |p: &Path| p.metadata().unwrap().modified().unwrap();
    let before = modified(&manifest);
    let again = build(&f);
    assert_eq!((again.search.analysed, again.search.reused), (0, 5));
    assert_eq!(
        modified(&manifest),
        before,
        "an unchanged file is not written again"
    );
    f.write(
        "content/sport/relay.md",
        &article("Relay", "2024-01-06T09:00:00Z", &[], "Batons.\n"),
    );
    let third = build(&f);
    assert_eq!((third.search.analysed, third.search.reused), (1, 5));
    assert_eq!(search(&f.out(), "batons"), ["sport/relay"]);
}

#[test]
fn a_failed_build_keeps_the_old_index() {
    let f = Fixture::new();
    f.build().unwrap();
    let before = snapshot(&f.out().join("search"));
    f.write("content/world/broken.md", "no front matter");
    assert!(f.build().is_err());
    assert_eq!(snapshot(&f.out().join("search")), before);
    assert_eq!(search(&f.out(), "race"), ["sport/race"]);
}
