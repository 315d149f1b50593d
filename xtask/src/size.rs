//! `cargo xtask size`: what the release build weighs, and what a first visit
//! to `/` downloads.

use crate::setup;
use crate::util::{cmd, fail, output_of, project_root, release_build, run, Failure};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the size budgets are written, each on a line `Label **N bytes** …`.
const BUDGET_DOC: &str = "docs/performance.md";
/// The budget of the release build with nightly's `build-std`.
const NIGHTLY_BUDGET: &str = "Budget:";
/// The budget of the stable fallback, on a machine without nightly's parts.
const STABLE_BUDGET: &str = "Budget without nightly:";
/// The budget of the fonts a first visit to an article may fetch.
const FONT_BUDGET: &str = "Font budget:";
/// The budget of the search module, which loads only when a reader searches.
const SEARCH_BUDGET: &str = "Search module budget:";
/// The search module's budget in the stable fallback.
const STABLE_SEARCH_BUDGET: &str = "Search module budget without nightly:";

pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Brotli at its best setting, as a host would precompress.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("writing to memory");
    br
}

pub fn measure(bytes: &[u8]) -> Sizes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    let gzip = gz.finish().expect("writing to memory").len();
    Sizes {
        raw: bytes.len(),
        gzip,
        brotli: brotli(bytes).len(),
    }
}

fn files_with(dist: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dist)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

pub fn report() -> Result<(), Failure> {
    setup::build_tools()?;
    let dist = project_root().join("target/size/dist");
    crate::dist::build(&dist, "/")?;
    println!("\n{:<44} {:>9} {:>9} {:>9}", "file", "raw", "gzip", "brotli");
    let mut code_brotli = 0;
    let mut first_visit = 0;
    let mut line = |label: &str, path: &Path| -> Result<Sizes, Failure> {
        let bytes = std::fs::read(path).or_else(|e| fail(format!("cannot read {}: {e}", path.display())))?;
        let s = measure(&bytes);
        println!("{label:<44} {:>9} {:>9} {:>9}", s.raw, s.gzip, s.brotli);
        first_visit += s.brotli;
        Ok(s)
    };
    for ext in ["wasm", "js"] {
        for path in files_with(&dist, ext) {
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            code_brotli += line(&name, &path)?.brotli;
        }
    }
    for path in files_with(&dist, "css") {
        line(&path.file_name().unwrap_or_default().to_string_lossy(), &path)?;
    }
    // The homepage, which carries its site and front JSON (docs/rendering.md).
    line("index.html", &dist.join("index.html"))?;
    let fonts = first_article_fonts(&dist)?;
    for (name, bytes) in &fonts.files {
        println!("{:<44} {bytes:>9} (woff2)", format!("fonts/{name}"));
    }
    let budget = budget()?;
    let font_budget = font_budget()?;
    println!(
        "\nfonts of a first visit to an article (each face's Latin file; other subsets load only for text that needs them): {} bytes ({:.1} KB; budget {} bytes)",
        fonts.total,
        kb(fonts.total),
        font_budget
    );
    println!(
        "\nwasm + JS, brotli: {code_brotli} bytes ({:.1} KB; budget {budget} bytes in {BUDGET_DOC})",
        kb(code_brotli),
    );
    println!("first visit to / (the page with its content, CSS, JS, wasm; images are lazy): {first_visit} bytes brotli ({:.1} KB)", kb(first_visit));
    println!("\nthe search module, loaded only when a reader starts to search (not in the figures above):");
    let module = dist.join(crate::search_client::DIR);
    for path in files_with(&module, "wasm")
        .into_iter()
        .chain(files_with(&module, "js"))
    {
        let bytes = std::fs::read(&path).or_else(|e| fail(format!("cannot read {}: {e}", path.display())))?;
        let s = measure(&bytes);
        let name = format!(
            "{}/{}",
            crate::search_client::DIR,
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        println!("{name:<44} {:>9} {:>9} {:>9}", s.raw, s.gzip, s.brotli);
    }
    let search = self::code_brotli(&module)?;
    let search_budget = search_budget()?;
    println!("search module wasm + JS, brotli: {search} bytes (budget {search_budget} bytes)");
    largest_contributors()?;
    within_budget(CODE, code_brotli, budget)?;
    within_budget(SEARCH, search, search_budget)?;
    within_budget(FONTS, fonts.total, font_budget)
}

/// What the search module's check says when it is over its budget.
const SEARCH: (&str, &str) = (
    "the search module's wasm + JS, brotli,",
    "run `cargo xtask size` to see its files",
);

pub struct Fonts {
    /// Each face's Latin file, with its bytes.
    pub files: Vec<(String, usize)>,
    pub total: usize,
}

/// The fonts a first visit to an article fetches at most: the Latin subset
/// of each face (roman, preloaded; italic, for emphasis and quotes). The
/// extended subsets are left out: only text that needs them fetches them.
pub fn first_article_fonts(dist: &Path) -> Result<Fonts, Failure> {
    let mut files = Vec::new();
    for path in files_with(&dist.join("fonts"), "woff2") {
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        if is_latin_subset(&name) {
            let bytes = std::fs::metadata(&path)
                .or_else(|e| fail(format!("cannot read {}: {e}", path.display())))?
                .len() as usize;
            files.push((name, bytes));
        }
    }
    if files.is_empty() {
        return fail(format!("{} holds no fonts", dist.join("fonts").display()));
    }
    let total = files.iter().map(|(_, b)| b).sum();
    Ok(Fonts { files, total })
}

/// `broadsheet-serif-roman-latin-0123abcdef.woff2`, not `…-latin-ext-…`.
fn is_latin_subset(name: &str) -> bool {
    name.strip_suffix(".woff2")
        .and_then(|stem| stem.rsplit_once('-'))
        .is_some_and(|(face, _hash)| face.ends_with("-latin"))
}

fn font_budget() -> Result<usize, Failure> {
    budget_line(FONT_BUDGET)
}

/// What the fonts' check says when they are over their budget.
const FONTS: (&str, &str) = (
    "the fonts of a first visit to an article",
    "see docs/style.md for the subsets",
);

/// `cargo xtask size --floor`: the smallest Leptos apps (`benches/floor/`),
/// built exactly as the release is, for the framework's share of the budget.
pub fn floor() -> Result<(), Failure> {
    setup::build_tools()?;
    let root = project_root();
    let mut rows = Vec::new();
    for (label, features) in [
        ("leptos, a counter", ""),
        ("leptos + leptos_router, three routes", "router"),
    ] {
        let dist = root
            .join("target/floor")
            .join(if features.is_empty() { "bare" } else { features });
        let mut trunk = release_build(&dist);
        trunk
            .current_dir(root.join("benches/floor"))
            .env("CARGO_TARGET_DIR", root.join("target/floor/cargo"));
        if !features.is_empty() {
            trunk.args(["--features", features]);
        }
        run(&mut trunk, "trunk build --release (benches/floor)")?;
        rows.push((label, code_brotli(&dist)?));
    }
    println!(
        "
the smallest Leptos apps, built as the release is (wasm + JS, brotli):"
    );
    for (label, bytes) in rows {
        println!("  {label:<40} {bytes:>7} bytes ({:.1} KB)", kb(bytes));
    }
    Ok(())
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// The wasm + JS of the build in `dist`, brotli: what the budget limits.
pub fn code_brotli(dist: &Path) -> Result<usize, Failure> {
    let mut total = 0;
    for path in files_with(dist, "wasm").into_iter().chain(files_with(dist, "js")) {
        let bytes = std::fs::read(&path).or_else(|e| fail(format!("cannot read {}: {e}", path.display())))?;
        total += brotli(&bytes).len();
    }
    Ok(total)
}

/// Fails if the build in `dist` is over the budget (`cargo xtask test`).
pub fn check_budget(dist: &Path) -> Result<(), Failure> {
    let size = code_brotli(dist)?;
    let budget = budget()?;
    println!("wasm + JS, brotli: {size} bytes; budget {budget} bytes ({BUDGET_DOC})");
    within_budget(CODE, size, budget)?;
    let search = code_brotli(&dist.join(crate::search_client::DIR))?;
    let search_budget = search_budget()?;
    println!("search module wasm + JS, brotli: {search} bytes; budget {search_budget} bytes ({BUDGET_DOC})");
    ensure_built(search)?;
    within_budget(SEARCH, search, search_budget)?;
    let fonts = first_article_fonts(dist)?.total;
    let font_budget = font_budget()?;
    println!(
        "fonts of a first visit to an article: {fonts} bytes; budget {font_budget} bytes ({BUDGET_DOC})"
    );
    within_budget(FONTS, fonts, font_budget)
}

/// A build without the search module is broken, not small.
fn ensure_built(search: usize) -> Result<(), Failure> {
    if search == 0 {
        return fail("the build has no search module (search/client/): did Trunk's post_build hook run?");
    }
    Ok(())
}

/// What the code's check says when it is over its budget.
const CODE: (&str, &str) = ("wasm + JS, brotli,", "run `cargo xtask size` to see what grew");

/// Fails when `size` is over `budget`, naming `what` and saying `then` what
/// to do.
fn within_budget((what, then): (&str, &str), size: usize, budget: usize) -> Result<(), Failure> {
    if size > budget {
        return fail(format!(
            "{what} is {size} bytes, {} over the budget of {budget} in {BUDGET_DOC}; {then}",
            size - budget
        ));
    }
    Ok(())
}

/// The budget of this machine's release build: nightly's, or, where nightly
/// cannot build std, the stable fallback's (a larger wasm, budgeted apart).
fn budget() -> Result<usize, Failure> {
    let nightly = setup::nightly_for_release();
    if !nightly {
        println!("xtask: a stable build: held to the budget `{STABLE_BUDGET}` in {BUDGET_DOC}");
    }
    budget_for(nightly)
}

fn budget_for(nightly: bool) -> Result<usize, Failure> {
    budget_line(if nightly { NIGHTLY_BUDGET } else { STABLE_BUDGET })
}

/// The search module's budget for this machine's release build, nightly's
/// or the stable fallback's, like `budget`.
fn search_budget() -> Result<usize, Failure> {
    search_budget_for(setup::nightly_for_release())
}

fn search_budget_for(nightly: bool) -> Result<usize, Failure> {
    budget_line(if nightly {
        SEARCH_BUDGET
    } else {
        STABLE_SEARCH_BUDGET
    })
}

/// The budget on the line `{label} **N bytes**` of the budget doc.
fn budget_line(label: &str) -> Result<usize, Failure> {
    let doc = std::fs::read_to_string(project_root().join(BUDGET_DOC))
        .or_else(|e| fail(format!("cannot read {BUDGET_DOC}: {e}")))?;
    parse_budget(&doc, label).map_or_else(
        || fail(format!("{BUDGET_DOC} has no line `{label} **N bytes** …`")),
        Ok,
    )
}

/// The N of the first line `{label} **N bytes**`, digits grouped or not.
fn parse_budget(doc: &str, label: &str) -> Option<usize> {
    let line = doc
        .lines()
        .find_map(|l| l.strip_prefix(label)?.strip_prefix(" **"))?;
    let number = line.split(" bytes**").next()?;
    let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    digits.parse().ok()
}

/// The biggest functions and crates of the wasm, by twiggy, measured on a
/// twin of the shipped wasm optimised the same way but with names kept.
fn largest_contributors() -> Result<(), Failure> {
    setup::twiggy()?;
    let root = project_root();
    let out = root.join("target/size/named");
    run(
        cmd("wasm-bindgen")
            .args(["--target", "web", "--out-dir"])
            .arg(&out)
            .arg(root.join("target/wasm32-unknown-unknown/release/broadsheet.wasm")),
        "wasm-bindgen",
    )?;
    let named = out.join("named.wasm");
    run(
        cmd("wasm-opt")
            .args(["-Oz", "--enable-reference-types", "--debuginfo", "-o"])
            .arg(&named)
            .arg(out.join("broadsheet_bg.wasm")),
        "wasm-opt",
    )?;
    let named = named.to_string_lossy();
    let top = output_of("twiggy", &["top", "--format", "json", "-n", "1000000", &named]).unwrap_or_default();
    let items: Vec<(String, usize)> = serde_json::from_str::<serde_json::Value>(&top)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|item| {
            Some((
                item["name"].as_str()?.to_string(),
                item["shallow_size"].as_u64()? as usize,
            ))
        })
        .filter(|(name, _)| !name.contains("\"function names\""))
        .collect();
    if items.is_empty() {
        return fail("twiggy gave no profile of the wasm");
    }
    let code: usize = items.iter().map(|(_, size)| size).sum();
    let mut by_crate: Vec<(String, usize)> = Vec::new();
    for (name, size) in &items {
        let krate = crate_of(name);
        match by_crate.iter_mut().find(|(k, _)| *k == krate) {
            Some((_, total)) => *total += size,
            None => by_crate.push((krate, *size)),
        }
    }
    by_crate.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    println!("\nlargest crates (twiggy top, uncompressed bytes of a {code}-byte wasm):");
    for (krate, size) in by_crate.iter().take(12) {
        println!(
            "  {size:>8}  {:>4.1}%  {krate}",
            100.0 * *size as f64 / code as f64
        );
    }
    println!("\nlargest functions and data (twiggy top):");
    for (name, size) in items.iter().take(12) {
        let name: String = without_hashes(name).chars().take(110).collect();
        println!("  {size:>8}  {name}");
    }
    Ok(())
}

/// The crate an item belongs to: the first path segment with a hash in its
/// symbol name (`tachys[86d5…]::view`), or its kind (`data`, `import`).
fn crate_of(name: &str) -> String {
    let Some(end) = name.find('[') else {
        return name
            .split([' ', '[', '"'])
            .find(|w| !w.is_empty())
            .unwrap_or("?")
            .to_string();
    };
    let start = name[..end]
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    name[start..end].to_string()
}

/// Symbol names without their crate hashes (`core[79aa…]` → `core`).
fn without_hashes(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if close >= 8 && after[..close].chars().all(|c| c.is_ascii_hexdigit()) => {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out + rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_holds_up_to_its_last_byte() {
        assert!(within_budget(CODE, 184_500, 184_500).is_ok());
        let over = within_budget(CODE, 184_501, 184_500).unwrap_err().0;
        assert!(over.contains("1 over the budget of 184500"), "{over}");
        let fonts = within_budget(FONTS, 61_441, 61_440).unwrap_err().0;
        assert!(fonts.starts_with("the fonts of a first visit"), "{fonts}");
    }

    #[test]
    fn only_wasm_and_js_count_against_the_budget() {
        let dir = std::env::temp_dir().join(format!("xtask-size-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let wasm = vec![7u8; 4000];
        let js = b"export function start() { return 1; }".repeat(40);
        std::fs::write(dir.join("app_bg.wasm"), &wasm).unwrap();
        std::fs::write(dir.join("app.js"), &js).unwrap();
        std::fs::write(dir.join("main.css"), "body { color: red }".repeat(200)).unwrap();
        let counted = code_brotli(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(counted, brotli(&wasm).len() + brotli(&js).len());
    }

    #[test]
    fn the_project_states_both_budgets() {
        let nightly = budget_for(true).unwrap();
        let stable = budget_for(false).unwrap();
        assert!(0 < nightly && nightly < stable, "{nightly} {stable}");
        let search = search_budget_for(true).unwrap();
        let stable_search = search_budget_for(false).unwrap();
        assert!(0 < search && search < stable_search, "{search} {stable_search}");
    }

    #[test]
    fn each_budget_is_read_from_its_own_line() {
        let doc = "# Performance\n\nBudget: **171 520 bytes** of wasm + JS, brotli.\n\
                   Budget without nightly: **190 000 bytes**, built with stable.\n";
        assert_eq!(parse_budget(doc, NIGHTLY_BUDGET), Some(171_520));
        assert_eq!(parse_budget(doc, STABLE_BUDGET), Some(190_000));
        assert_eq!(parse_budget("Budget: 12 bytes", NIGHTLY_BUDGET), None);
        assert_eq!(parse_budget("Budget: **12 bytes**", STABLE_BUDGET), None);
    }

    #[test]
    fn only_each_faces_latin_file_counts_as_a_first_visits_fonts() {
        assert!(is_latin_subset("broadsheet-serif-roman-latin-0123abcdef.woff2"));
        assert!(is_latin_subset("broadsheet-serif-italic-latin-0123abcdef.woff2"));
        assert!(!is_latin_subset(
            "broadsheet-serif-roman-latin-ext-0123abcdef.woff2"
        ));
        assert!(!is_latin_subset(
            "broadsheet-serif-roman-vietnamese-0123abcdef.woff2"
        ));
        assert!(!is_latin_subset("OFL.txt"));
    }

    #[test]
    fn the_project_states_its_font_budget() {
        assert_eq!(font_budget().ok(), Some(61_440));
    }

    #[test]
    fn symbol_names_lose_their_hashes_and_name_their_crate() {
        let name = "<tachys[86d58b78781a0da3]::html::El as core[79aa79c6299ed9a6]::fmt::Debug>::fmt";
        assert_eq!(
            without_hashes(name),
            "<tachys::html::El as core::fmt::Debug>::fmt"
        );
        assert_eq!(crate_of(name), "tachys");
        assert_eq!(crate_of("data segment \".rodata\""), "data");
        assert_eq!(without_hashes("elem[0]"), "elem[0]");
    }
}
