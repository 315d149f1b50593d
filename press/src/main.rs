//! `broadsheet-press`: builds a site's content from Markdown sources.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  broadsheet-press build [--content DIR] [--out DIR] [--shell FILE] [--timings]
      Reads DIR/site.toml and DIR/<section>/<slug>.md (default DIR: content)
      and writes the JSON the app loads, the images, the feeds, sitemap.xml,
      robots.txt and the search index (search/index/) into OUT (default: $TRUNK_STAGING_DIR when run as a
      Trunk hook, else dist). With --shell (the app's index.html as Trunk
      built it; `cargo xtask dist` keeps it as shell.html), every page as
      HTML too. On any error it writes nothing. The search index's analysis
      cache is kept in $BROADSHEET_PRESS_CACHE, else target/broadsheet-press/.
  broadsheet-press check [--content DIR]
      Only reads and checks the sources; writes nothing.
  broadsheet-press synth --articles N --out DIR [--seed S]
      Writes a synthetic archive of N articles (site.toml and Markdown) into
      DIR, for benchmarks and tests. The same N and seed give the same files.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut content = PathBuf::from("content");
    // Run as a Trunk hook, write into Trunk's staging folder.
    let mut out = std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from);
    let mut articles: Option<usize> = None;
    let mut seed: u64 = 2024;
    let mut timings = false;
    let mut shell: Option<PathBuf> = None;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        if flag == "--timings" {
            timings = true;
            continue;
        }
        let Some(value) = rest.next() else {
            return usage_error(&format!("{flag} needs a value"));
        };
        match flag.as_str() {
            "--content" => content = value.into(),
            "--out" => out = Some(value.into()),
            "--shell" => shell = Some(value.into()),
            "--articles" | "--seed" => {
                let Ok(n) = value.replace('_', "").parse::<u64>() else {
                    return usage_error(&format!("{flag} needs a whole number, not {value:?}"));
                };
                match flag.as_str() {
                    "--articles" => articles = Some(n as usize),
                    _ => seed = n,
                }
            }
            _ => return usage_error(&format!("unknown option {flag}")),
        }
    }
    match command.as_str() {
        "build" => build(
            &content,
            &out.unwrap_or_else(|| PathBuf::from("dist")),
            shell.as_deref(),
            timings,
        ),
        "check" => match broadsheet_press::load_sources(&content) {
            Ok(sources) => {
                let warnings = broadsheet_press::warnings(&content, &sources);
                let warnings = print_warnings(&warnings, usize::MAX);
                println!(
                    "broadsheet-press: {} articles in {} sections: {}",
                    sources.articles.len(),
                    sources.site.sections.len(),
                    match warnings {
                        0 => "no problems".to_string(),
                        n => format!("no errors, {n} warning(s)"),
                    }
                );
                ExitCode::SUCCESS
            }
            Err(errors) => report_errors(&errors, "check only: nothing was written"),
        },
        "synth" => {
            let (Some(n), Some(out)) = (articles, out) else {
                return usage_error("synth needs --articles N and --out DIR");
            };
            match broadsheet_press::synth(&out, n, seed) {
                Ok(written) => {
                    let what = if written { "written" } else { "already there, kept" };
                    println!(
                        "broadsheet-press: {n} synthetic articles -> {} ({what})",
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("broadsheet-press synth: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => usage_error(&format!("unknown command {other:?}")),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("broadsheet-press: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn build(
    content: &std::path::Path,
    out: &std::path::Path,
    shell: Option<&std::path::Path>,
    timings: bool,
) -> ExitCode {
    let cache = broadsheet_press::search::cache_file(content);
    match broadsheet_press::build_cached(content, out, shell, Some(&cache)) {
        Ok(report) => {
            println!(
                "broadsheet-press: {} articles in {} sections -> {} ({} files, {} bytes)",
                report.articles,
                report.sections,
                out.display(),
                report.files,
                report.bytes
            );
            println!(
                "broadsheet-press: search index: {} files, {} bytes; {} articles analysed, {} from the cache",
                report.search.files, report.search.bytes, report.search.analysed, report.search.reused
            );
            let photos = &report.photos;
            if photos.photos > 0 {
                println!(
                    "broadsheet-press: photos: {} ({} encoded, {} from the cache); originals {} bytes, \
                     served {} bytes (each one's {} copy at most {} px wide), all copies {} bytes",
                    photos.photos,
                    photos.encoded.len(),
                    photos.reused,
                    photos.original_bytes,
                    photos.served_bytes,
                    broadsheet_press::photos::MODERN,
                    broadsheet_press::photos::SERVED_WIDTH,
                    photos.copy_bytes
                );
            }
            if timings {
                for (phase, took) in &report.phases {
                    println!("  {phase:<16} {:>8.3} s", took.as_secs_f64());
                }
                for (photo, took) in &photos.encoded {
                    println!("  encoded {photo}  {:.3} s", took.as_secs_f64());
                }
            }
            print_warnings(&report.warnings, BUILD_SHOWS);
            ExitCode::SUCCESS
        }
        Err(errors) => report_errors(&errors, "nothing was written"),
    }
}

fn report_errors(errors: &[broadsheet_press::SourceError], what: &str) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    eprintln!("broadsheet-press: {} error(s); {what}", errors.len());
    ExitCode::FAILURE
}

/// Warnings a build prints; `check` prints them all.
const BUILD_SHOWS: usize = 20;

/// Prints the first `shown` of where the sources fall short of what search
/// engines and link previews want (`head::guideline_warnings`), and how
/// many; never an error. Returns how many.
fn print_warnings(warnings: &[broadsheet_press::head::Warning], shown: usize) -> usize {
    use std::io::Write as _;
    if !warnings.is_empty() {
        let mut err = std::io::stderr().lock();
        for w in warnings.iter().take(shown) {
            let _ = writeln!(err, "warning: {w}");
        }
        if warnings.len() > shown {
            let more = warnings.len() - shown;
            let _ = writeln!(
                err,
                "warning: … and {more} more (`broadsheet-press check` lists them all)"
            );
        }
        let _ = writeln!(
            err,
            "broadsheet-press: {} warning(s): tags, authors, link previews and search engines (docs/publishing.md)",
            warnings.len()
        );
    }
    warnings.len()
}
