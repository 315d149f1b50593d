//! `cargo xtask size`: what the release build weighs, and what a first visit
//! to `/` downloads.

use crate::setup;
use crate::util::{fail, project_root, Failure};
use std::io::Write;
use std::path::{Path, PathBuf};

/// wasm + JS, brotli, that the issue tracker allows at this stage.
const BUDGET_BROTLI: usize = 150 * 1024;

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
    line("index.html", &dist.join("index.html"))?;
    for file in ["content/site.json", "content/front.json"] {
        line(file, &dist.join(file))?;
    }
    println!(
        "\nwasm + JS, brotli: {code_brotli} bytes ({:.1} KB; budget {} KB)",
        kb(code_brotli),
        BUDGET_BROTLI / 1024
    );
    println!("first visit to / (HTML, CSS, JS, wasm, site and front JSON; images are lazy): {first_visit} bytes brotli ({:.1} KB)", kb(first_visit));
    if code_brotli > BUDGET_BROTLI {
        return fail(format!(
            "wasm + JS is {code_brotli} bytes brotli, over the budget of {BUDGET_BROTLI}"
        ));
    }
    Ok(())
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}
