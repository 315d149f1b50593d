//! `broadsheet-press`: builds a site's content from Markdown sources.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A build allocates and frees a great many small strings on every thread
/// (each page's head, body and JSON); with the C library's allocator that
/// was a quarter of its CPU time, with mimalloc far less
/// (docs/performance.md, "Build time").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns a folder of Markdown articles into the files a Broadsheet site
/// serves (docs/publishing.md).
#[derive(Parser)]
#[command(name = "broadsheet-press", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads DIR/site.toml and DIR/<section>/<slug>.md and writes the JSON the
    /// app loads, the images, the feeds, sitemap.xml, robots.txt and the
    /// search index into OUT. On any error it writes nothing. The search
    /// index's analysis cache is kept in $BROADSHEET_PRESS_CACHE, else
    /// target/broadsheet-press/.
    Build {
        /// The sources.
        #[arg(long, value_name = "DIR", default_value = "content")]
        content: PathBuf,
        /// Where to write [default: $TRUNK_STAGING_DIR when run as a Trunk hook, else dist].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The app's index.html as Trunk built it (`cargo xtask dist` keeps it
        /// as shell.html): every page is written as HTML too.
        #[arg(long, value_name = "FILE")]
        shell: Option<PathBuf>,
        /// Print how long each step took.
        #[arg(long)]
        timings: bool,
    },
    /// Only reads and checks the sources; writes nothing.
    Check {
        #[arg(long, value_name = "DIR", default_value = "content")]
        content: PathBuf,
    },
    /// Writes a synthetic archive of N articles (site.toml and Markdown) into
    /// DIR, for benchmarks and tests. The same N and seed give the same files.
    Synth {
        #[arg(long, value_name = "N", value_parser = whole_number)]
        articles: u64,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_name = "S", value_parser = whole_number, default_value = "2024")]
        seed: u64,
    },
    /// Writes a synthetic WordPress export (WXR 1.2) of N posts into FILE, for
    /// the import benchmark (`cargo xtask bench-import`) and tests: both
    /// editors, featured images, comments, and drafts, pages and menu items
    /// to skip. The same N and seed give the same file.
    SynthWordpress {
        #[arg(long, value_name = "N", value_parser = whole_number)]
        posts: u64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_name = "S", value_parser = whole_number, default_value = "2024")]
        seed: u64,
    },
    /// Imports another system's content into Markdown sources (docs/import.md).
    #[command(subcommand)]
    Import(Import),
}

#[derive(Subcommand)]
enum Import {
    /// Reads a WordPress export (Tools → Export, WXR 1.1/1.2) and writes its
    /// published posts as articles in DIR/<section>/<slug>.md, with
    /// site.toml's sections and authors, redirects.txt, the approved
    /// comments for Isso (wordpress-comments.xml) and a report of what was
    /// not carried over exactly (wordpress-import-report.txt). Sections come
    /// from the categories through DIR/wordpress-sections.toml, which the
    /// first run proposes. On any error it writes nothing.
    Wordpress(broadsheet_press::wordpress::Options),
}

/// A whole number, `_` allowed between digits (`100_000`).
fn whole_number(s: &str) -> Result<u64, String> {
    s.replace('_', "")
        .parse::<u64>()
        .map_err(|_| format!("needs a whole number, not {s:?}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            out,
            shell,
            timings,
        } => {
            // Run as a Trunk hook, write into Trunk's staging folder.
            let out = out
                .or_else(|| std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("dist"));
            build(&content, &out, shell.as_deref(), timings)
        }
        Command::Check { content } => match broadsheet_press::load_sources(&content) {
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
        Command::Synth { articles, out, seed } => {
            let n = articles as usize;
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
        Command::SynthWordpress { posts, out, seed } => {
            match broadsheet_press::synth_wordpress::synth_wordpress(&out, posts as usize, seed) {
                Ok(()) => {
                    println!(
                        "broadsheet-press: a WordPress export of {posts} posts -> {}",
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("broadsheet-press synth-wordpress: {}: {e}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import(Import::Wordpress(opts)) => match broadsheet_press::wordpress::import(&opts) {
            Ok(summary) => {
                for line in summary.lines(&opts) {
                    println!("broadsheet-press: {line}");
                }
                if opts.dry_run {
                    println!("broadsheet-press: dry run: nothing was written; these files would be:");
                    for f in &summary.files {
                        println!("  {}", opts.content.join(f).display());
                    }
                    for e in &summary.report.entries {
                        println!("  report: {}: {}", e.post, e.note);
                    }
                }
                ExitCode::SUCCESS
            }
            Err(errors) => {
                for e in &errors {
                    eprintln!("error: {e}");
                }
                eprintln!("broadsheet-press: the import failed; nothing was written");
                ExitCode::FAILURE
            }
        },
    }
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
