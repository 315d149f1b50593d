//! `cargo xtask fonts`: remakes the site's typefaces (public/fonts/, the
//! @font-face block of style/main.css and the preload in index.html) with
//! style/fonts.py. The output is committed, so only changing the typeface,
//! its version or its subsets needs this; builds and tests never run it.

use crate::util::{cmd, fail, output_of, project_root, run, Failure};
use std::path::PathBuf;

/// fontTools does the subsetting; brotli lets it write woff2.
const FONTTOOLS: &[&str] = &["fonttools==4.68.0", "brotli==1.2.1"];

fn venv() -> PathBuf {
    project_root().join("target/fonttools")
}

pub fn run_script() -> Result<(), Failure> {
    let python = venv().join("bin/python");
    let python = python.to_string_lossy();
    let ready = output_of(&python, &["-c", "import fontTools, brotli"]).is_some();
    if !ready {
        println!(
            "xtask: installing {} into target/fonttools…",
            FONTTOOLS.join(", ")
        );
        run(
            cmd("python3").args(["-m", "venv", "--clear"]).arg(venv()),
            "python3 -m venv",
        )
        .or_else(|_| fail("the fonts need Python 3 with venv (`apt-get install python3-venv`)"))?;
        run(
            cmd(&venv().join("bin/pip").to_string_lossy())
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .args(FONTTOOLS),
            "pip install fonttools",
        )?;
    }
    if output_of("npm", &["--version"]).is_none() {
        return fail("the fonts come from npm packages: install Node.js and npm, and run again");
    }
    run(cmd(&python).arg("style/fonts.py"), "style/fonts.py")
}
