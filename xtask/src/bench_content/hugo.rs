//! Hugo beside broadsheet-press in `cargo xtask bench-content`: installed
//! if it can be (Debian's package, as root), a minimal theme that writes the
//! same kinds of page from the same Markdown, and its timed build.

use super::{measured, warm, Measured};
use crate::measure::{load, timed, Peak};
use crate::util::{cmd, fail, output_of, Failure};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub(super) fn hugo_available() -> bool {
    if output_of("hugo", &["version"]).is_some() {
        return true;
    }
    let is_root = output_of("id", &["-u"]).as_deref() == Some("0");
    if !is_root || output_of("apt-get", &["--version"]).is_none() {
        return false;
    }
    println!("installing Hugo for the comparison (apt-get install hugo)…");
    let _ = cmd("apt-get").arg("update").stdout(Stdio::null()).status();
    let installed = cmd("apt-get")
        .args(["install", "-y", "--no-install-recommends", "hugo"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    installed && output_of("hugo", &["version"]).is_some()
}

/// Hugo's settings: the synthetic archive's site, 12 to a section page as
/// in its site.toml, dates from `published` and `updated`, no tag pages
/// (the app has none).
const HUGO_CONFIG: &str = r#"baseURL = "https://courier.example.org/"
title = "The Synthetic Courier"
languageCode = "en-gb"
disableKinds = ["taxonomy", "term"]
disableAliases = true
pluralizeListTitles = false
paginate = 12
[pagination]
pagerSize = 12
[params]
tagline = "Every story made up, every byte counted"
[frontmatter]
date = ["published", ":default"]
lastmod = ["updated", "published", ":default"]
"#;

/// A minimal theme: what every page shares (head with description,
/// canonical link and stylesheet; the sections in the header).
const HUGO_BASEOF: &str = r#"<!doctype html><html lang="{{ site.LanguageCode }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ block "title" . }}{{ site.Title }}{{ end }}</title><meta name="description" content="{{ block "description" . }}{{ site.Params.tagline }}{{ end }}"><link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="/main.css"></head><body><header><a href="/">{{ site.Title }}</a><nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header><main>{{ block "main" . }}{{ end }}</main><footer><p>{{ site.Title }}: {{ site.Params.tagline }}</p></footer></body></html>
"#;

/// An article: its section, headline, standfirst, hero, byline, date,
/// reading time, body and tags, then the newest in its section and the
/// newest of all (as the app's rail; Hugo's related content is left out).
const HUGO_SINGLE: &str = r#"{{ define "title" }}{{ .Params.headline }} | {{ site.Title }}{{ end }}{{ define "description" }}{{ .Params.standfirst }}{{ end }}{{ define "main" }}<article><p><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p><h1>{{ .Params.headline }}</h1><p>{{ .Params.standfirst }}</p>{{ with .Params.hero }}<figure><img src="{{ $.CurrentSection.RelPermalink }}{{ .src }}" alt="{{ .alt }}" width="{{ .width }}" height="{{ .height }}"><figcaption>{{ .caption }} {{ .credit }}</figcaption></figure>{{ end }}<p>{{ delimit .Params.authors ", " }} · <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ .ReadingTime }} min read</p>{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></article><aside><h2>More in {{ .CurrentSection.Title }}</h2><ul>{{ range first 4 .CurrentSection.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></li>{{ end }}</ul><h2>Latest</h2><ul>{{ range first 8 site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></li>{{ end }}</ul></aside>{{ end }}
"#;

/// A section's pages, 12 summaries each, newest first, with their pager.
const HUGO_LIST: &str = r#"{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pager := .Paginate .Pages }}<ul>{{ range $pager.Pages }}<li><article><h2><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></h2><p>{{ .Params.standfirst }}</p><time>{{ .Date.Format "2 January 2006" }}</time></article></li>{{ end }}</ul><nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a> {{ end }}Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}{{ with $pager.Next }} <a href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
"#;

/// The home page, as the app's front page: the lead, four top stories,
/// four from each section, the eight latest.
const HUGO_HOME: &str = r#"{{ define "main" }}{{ $all := site.RegularPages }}{{ range first 1 $all }}<article><h1><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></h1><p>{{ .Params.standfirst }}</p></article>{{ end }}<ul>{{ range first 4 (after 1 $all) }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a> {{ .Params.standfirst }}</li>{{ end }}</ul>{{ range site.Sections }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><ul>{{ range first 4 .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></li>{{ end }}</ul></section>{{ end }}<h2>Latest</h2><ul>{{ range first 8 $all }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></li>{{ end }}</ul>{{ end }}
"#;

const HUGO_404: &str = r#"{{ define "main" }}<h1>Page not found</h1><p><a href="/">{{ site.Title }}</a></p>{{ end }}
"#;

/// A minimal Hugo site over the same Markdown, made afresh each run: a page
/// per article, paged section lists, a home page and a not-found page (as
/// broadsheet-press writes), and Hugo's own RSS feeds and sitemap.
pub(super) fn hugo_site(dir: &Path) -> Result<PathBuf, Failure> {
    let site = dir.join("hugo-site");
    if site.exists() {
        fs::remove_dir_all(&site).or_else(|e| fail(format!("cannot remove {}: {e}", site.display())))?;
    }
    let files = [
        ("hugo.toml", HUGO_CONFIG),
        ("layouts/_default/baseof.html", HUGO_BASEOF),
        ("layouts/_default/single.html", HUGO_SINGLE),
        ("layouts/_default/list.html", HUGO_LIST),
        ("layouts/index.html", HUGO_HOME),
        ("layouts/404.html", HUGO_404),
    ];
    for (rel, text) in files {
        let path = site.join(rel);
        fs::create_dir_all(path.parent().expect("a folder"))
            .and_then(|_| fs::write(&path, text))
            .or_else(|e| fail(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(site)
}

pub(super) fn hugo_build(
    peak: Peak,
    dir: &Path,
    site: &Path,
    src: &Path,
    n: usize,
) -> Result<Measured, Failure> {
    let out = dir.join(format!("hugo-{n}"));
    let mut hugo = Command::new("hugo");
    hugo.arg("--source")
        .arg(site)
        .arg("--contentDir")
        .arg(src)
        .arg("--destination")
        .arg(&out)
        .args(["--noBuildLock", "--cacheDir"])
        .arg(dir.join("hugo-cache"));
    let log = dir.join(format!("hugo-{n}.log"));
    warm(src);
    let load = load();
    let run = timed(peak, &hugo, &log, true)?;
    if !run.success {
        return fail(format!(
            "hugo failed on the {n}-article archive:\n{}",
            fs::read_to_string(&log).unwrap_or_default()
        ));
    }
    Ok(measured("hugo", n, &run, &out, &load))
}
