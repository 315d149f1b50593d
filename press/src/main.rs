//! `broadsheet-press`: builds a site's content JSON from Markdown sources.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: broadsheet-press build [--content DIR] [--out DIR]

Reads DIR/site.toml and DIR/<section>/<slug>.md (default DIR: content)
and writes the JSON the app loads, plus images, into OUT (default:
$TRUNK_STAGING_DIR when run as a Trunk hook, else dist).";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut content = PathBuf::from("content");
    // Run as a Trunk hook, write into Trunk's staging folder.
    let mut out = std::env::var_os("TRUNK_STAGING_DIR").map_or_else(|| PathBuf::from("dist"), PathBuf::from);
    match args.next().as_deref() {
        Some("build") => {}
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            eprintln!("{flag} needs a value\n{USAGE}");
            return ExitCode::from(2);
        };
        match flag.as_str() {
            "--content" => content = value.into(),
            "--out" => out = value.into(),
            _ => {
                eprintln!("unknown option {flag}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match broadsheet_press::build(&content, &out) {
        Ok(report) => {
            println!(
                "broadsheet-press: {} articles in {} sections -> {}",
                report.articles,
                report.sections,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!("broadsheet-press: {} error(s); nothing was written", errors.len());
            ExitCode::FAILURE
        }
    }
}
