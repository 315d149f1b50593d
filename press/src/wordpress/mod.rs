//! `broadsheet-press import wordpress`: a WordPress export (WXR 1.1/1.2)
//! to our Markdown sources (docs/import.md).
//!
//! Two passes over the export, each streaming one item at a time: the
//! first learns where every published post goes and the few facts about
//! each attachment that images need (`plan`); the second converts each
//! post (`article`, through `classic` and `html` into `md`) and writes it
//! into a staging folder (`stage`), with its images, its approved comments
//! (`comments`, for Isso) and the report (`report`). Nothing reaches the
//! content folder until everything has been written.

pub mod article;
pub mod classic;
pub mod comments;
pub mod html;
pub mod md;
pub mod php;
pub mod plan;
mod records;
pub mod report;
pub mod sections;
mod stage;
pub mod wxr;

use crate::tags::tag_slug;
use plan::Plan;
use report::{Report, Skipped};
use sections::{Mapping, MAPPING};
use stage::Stage;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The report's file name, in the content folder.
pub const REPORT: &str = "wordpress-import-report.txt";
pub const REDIRECTS: &str = "redirects.txt";
pub const COMMENTS: &str = "wordpress-comments.xml";

/// `import wordpress`'s options, also its command line (`main.rs`): each
/// field's comment is its `--help` text.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Options {
    /// The export (.xml).
    pub export: PathBuf,
    /// The content folder to write into.
    #[arg(long, value_name = "DIR", default_value = "content")]
    pub content: PathBuf,
    /// A copy of the site's wp-content/uploads: images are copied in
    /// beside their articles. Without it, images keep their old addresses.
    #[arg(long, value_name = "DIR")]
    pub uploads: Option<PathBuf>,
    /// Replace existing articles with the same slugs.
    #[arg(long)]
    pub force: bool,
    /// Say what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import despite broken HTML, attachments or authors missing from
    /// the export (errors by default), each listed in the report.
    #[arg(long)]
    pub lenient: bool,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Summary {
    pub articles: usize,
    pub skipped: Skipped,
    pub images_copied: usize,
    pub images_absolute: usize,
    pub comments: usize,
    pub threads: usize,
    pub redirects: usize,
    pub report: Report,
    /// The mapping was proposed by this run (there was none).
    pub mapping_proposed: bool,
    /// Files written (or that would be), under the content folder.
    pub files: Vec<String>,
}

impl Summary {
    pub fn lines(&self, opts: &Options) -> Vec<String> {
        let mut out = vec![format!(
            "{} article(s) {} {}",
            self.articles,
            if opts.dry_run {
                "would be written to"
            } else {
                "written to"
            },
            opts.content.display()
        )];
        out.push(format!(
            "images: {} copied in, {} kept at their old address ([[images]] in front matter)",
            self.images_copied, self.images_absolute
        ));
        out.push(format!(
            "{} approved comment(s) in {} thread(s) -> {COMMENTS}",
            self.comments, self.threads
        ));
        out.push(format!("{} redirect(s) -> {REDIRECTS}", self.redirects));
        let skipped = self.skipped.lines();
        if !skipped.is_empty() {
            out.push(format!("skipped: {}", skipped.join(", ")));
        }
        out.push(format!(
            "{} thing(s) not carried over exactly -> {REPORT}",
            self.report.count
        ));
        if self.mapping_proposed {
            out.push(format!(
                "proposed a category -> section mapping in {MAPPING} and used it: edit it, then import again with --force"
            ));
        }
        out
    }
}

/// A post's author missing from the export's header.
fn missing_author(login: &str) -> String {
    format!("author {login:?} is not in the export's header")
}

fn label(post: &plan::Post) -> String {
    format!(
        "post {} {:?} (export line {}) -> {}/{}.md",
        post.id(),
        post.title(),
        post.line,
        post.section,
        post.slug()
    )
}

/// Every `<dir>/<section>/<slug>.md` already in the content folder, by slug.
fn existing_articles(content: &Path) -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    let Ok(dirs) = fs::read_dir(content) else {
        return out;
    };
    for dir in dirs.flatten() {
        let Ok(files) = fs::read_dir(dir.path()) else {
            continue;
        };
        for f in files.flatten() {
            let path = f.path();
            if path.extension().is_some_and(|x| x == "md") {
                if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                    out.insert(stem.to_string(), path);
                }
            }
        }
    }
    out
}

/// `redirects.txt`'s lines: old permalinks, `?p=` addresses and category
/// and tag archives to their new paths, each given to `each` as it is made
/// (two a post: never all held at once).
pub fn redirects(plan: &Plan, mapping: &Mapping, mut each: impl FnMut(&str, &str)) {
    for p in &plan.posts {
        let to = broadsheet_model::article_path(&p.section, p.slug());
        if !p.old_path().is_empty() && p.old_path() != to {
            each(p.old_path(), &to);
        }
        let by_id = format!("/?p={}", p.id());
        if p.old_path() != by_id {
            each(&by_id, &to);
        }
    }
    let base = plan::url_path(&plan.channel.link);
    let base = if base.contains('?') { "/".to_string() } else { base };
    for (slug, (name, _)) in &plan.categories {
        let to = match mapping.categories.get(slug) {
            Some(section) => broadsheet_model::section_path(section, 1),
            None if plan.primary_counts.contains_key(slug) => {
                broadsheet_model::section_path(&mapping.default, 1)
            }
            // Only ever a secondary category: its posts carry it as a tag.
            None => format!("/tag/{}/", tag_slug(name)),
        };
        each(&format!("{base}category/{slug}/"), &to);
    }
    for (slug, name) in &plan.tags {
        let from = format!("{base}tag/{slug}/");
        let to = format!("/tag/{}/", tag_slug(name));
        if from != to {
            each(&from, &to);
        }
    }
}

/// Imports `opts.export` into `opts.content`. On any error nothing is
/// written, and every error is returned (each naming its file and place):
/// bad input in posts (broken HTML, attachments and authors not in the
/// export) is collected over the whole export, unless `opts.lenient`.
pub fn import(opts: &Options) -> Result<Summary, Vec<String>> {
    let one = |e: String| vec![e];
    let mut plan = plan::first_pass(&opts.export).map_err(|e| one(e.to_string()))?;
    let mut report = Report::default();
    let mapping_path = opts.content.join(MAPPING);
    let proposed = !mapping_path.exists();
    let mapping = if proposed {
        sections::propose(&plan)
    } else {
        sections::read_mapping(&mapping_path).map_err(one)?
    };
    sections::assign(&mut plan, &mapping, &mut report);
    let export_name = opts.export.display().to_string();
    for (old, wanted, given) in &plan.renamed {
        report.add(
            &format!("post {old}"),
            format!("slug {wanted:?} was taken by another post; this one is {given:?}"),
        );
    }

    // Bylines: the header's display names.
    let mut bylines: HashMap<String, String> = HashMap::new();
    for (login, line) in &plan.creators {
        let name = match plan.author_name(login) {
            Some(n) => n,
            None => {
                let name = if login.trim().is_empty() {
                    "Unknown".to_string()
                } else {
                    login.clone()
                };
                if opts.lenient {
                    report.add(
                        &format!("{export_name}:{line}"),
                        format!("{} (<wp:author>): the byline is {name:?}", missing_author(login)),
                    );
                }
                name
            }
        };
        bylines.insert(login.clone(), name);
    }
    let mut authors: Vec<String> = bylines.values().cloned().collect();
    authors.sort();
    authors.dedup();

    // Slugs already taken in the content folder.
    let mut stage_removals = Vec::new();
    let existing = existing_articles(&opts.content);
    let mut collisions = Vec::new();
    for p in &plan.posts {
        if let Some(path) = existing.get(p.slug()) {
            let new = opts.content.join(&*p.section).join(format!("{}.md", p.slug()));
            if !opts.force {
                collisions.push(format!(
                    "{}: slug {:?} is already used by {}: post {} {:?} (export {export_name}:{}) would be {}; \
                     import with --force to replace it, or remove it",
                    path.display(),
                    p.slug(),
                    path.display(),
                    p.id(),
                    p.title(),
                    p.line,
                    new.display()
                ));
            } else if *path != new {
                stage_removals.push(path.clone());
            }
        }
    }
    if !collisions.is_empty() {
        collisions.push(format!(
            "{} slug collision(s); nothing was written",
            collisions.len()
        ));
        return Err(collisions);
    }

    let site_path = opts.content.join("site.toml");
    let existing_site = fs::read_to_string(&site_path).ok();
    let mut site_notes = Vec::new();
    let site_text = sections::site_toml(
        existing_site.as_deref(),
        &plan,
        &mapping,
        &authors,
        &mut site_notes,
    )
    .map_err(|e| one(format!("{}: {e}", site_path.display())))?;
    for n in site_notes {
        report.add("site.toml", n);
    }
    let site: toml::Table =
        toml::from_str(&site_text).map_err(|e| one(format!("{}: {e}", site_path.display())))?;
    let base_url = site
        .get("base_url")
        .and_then(|v| v.as_str())
        .unwrap_or("https://example.org/")
        .to_string();
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };

    let io = |what: &str, e: std::io::Error| vec![format!("{what}: {e}; nothing was written")];
    let mut stage =
        Stage::new(&opts.content, opts.dry_run).map_err(|e| io("cannot make the staging folder", e))?;
    for path in stage_removals {
        stage.remove_on_commit(path);
    }
    // The report's entries, thousands in a large archive, go to a file in
    // the staging folder rather than memory (kept there in a dry run).
    if let Some(spill) = stage.scratch("report-entries") {
        report
            .spill_to(spill)
            .map_err(|e| io("the report's entries", e))?;
    }
    let origin = {
        let link = &plan.channel.link;
        let host_end = link
            .find("://")
            .map(|i| i + 3)
            .and_then(|s| link[s..].find('/').map(|e| s + e));
        host_end
            .map(|e| link[..e].to_string())
            .unwrap_or_else(|| link.trim_end_matches('/').to_string())
    };
    let cx = article::Context {
        plan: &plan,
        uploads: opts.uploads.as_deref(),
        origin,
    };
    let mut summary = Summary {
        skipped: plan.skipped.clone(),
        mapping_proposed: proposed,
        ..Summary::default()
    };
    let mut comments = stage.create(COMMENTS).map_err(|e| io(COMMENTS, e))?;
    comments
        .write_all(comments::HEADER.as_bytes())
        .map_err(|e| io(COMMENTS, e))?;

    // The second pass: each published post, as it comes.
    let mut problems: Vec<String> = Vec::new();
    let (mut reader, _) = wxr::WxrReader::open(&opts.export).map_err(|e| one(e.to_string()))?;
    while let Some(item) = reader.next_item().map_err(|e| one(e.to_string()))? {
        if !plan::is_article(&item) {
            continue;
        }
        let Some(post) = plan.post_by_id(&item.id) else {
            continue;
        };
        let author = bylines
            .get(&item.creator)
            .cloned()
            .unwrap_or_else(|| "Unknown".into());
        let mut a = article::convert(&item, post, &author, &cx);
        if plan.author_name(&item.creator).is_none() {
            a.problems.push(missing_author(&item.creator));
        }
        if opts.lenient {
            // Reported as today (the author once, for the export, above).
            a.notes
                .extend(a.problems.drain(..).filter(|p| !p.starts_with("author ")));
        } else {
            for p in a.problems.drain(..) {
                problems.push(format!(
                    "{export_name}:{}: post {} {:?}: {p}",
                    item.line,
                    post.id(),
                    post.title()
                ));
            }
        }
        let rel = format!("{}/{}.md", post.section, post.slug());
        stage.write(&rel, a.text.as_bytes()).map_err(|e| io(&rel, e))?;
        for (from, name) in &a.copies {
            stage
                .copy(from, &format!("{}/{name}", post.section))
                .map_err(|e| io(&from.display().to_string(), e))?;
        }
        summary.images_copied += a.copies.len();
        summary.images_absolute += a.text.matches("\n[[images]]\n").count();
        let l = label(post);
        for n in a.notes {
            report.add(&l, n);
        }
        let link = format!("{base_url}{}/{}", post.section, post.slug());
        if let Some(thread) =
            comments::Thread::approved(link, article::plain_text(&item.title), &item.comments)
        {
            summary.comments += thread.comments.len();
            summary.threads += 1;
            comments
                .write_all(comments::item(&thread).as_bytes())
                .map_err(|e| io(COMMENTS, e))?;
        }
        summary.articles += 1;
    }
    if !problems.is_empty() {
        let n = problems.len();
        problems.push(format!(
            "{n} problem(s) in the export; nothing was written \
             (import with --lenient to import anyway, each listed in {REPORT})"
        ));
        // Dropping the stage removes the staging folder.
        return Err(problems);
    }
    comments
        .write_all(comments::FOOTER.as_bytes())
        .map_err(|e| io(COMMENTS, e))?;
    comments.flush().map_err(|e| io(COMMENTS, e))?;
    drop(comments);

    let mut file = stage.create(REDIRECTS).map_err(|e| io(REDIRECTS, e))?;
    let mut written = file.write_all(
        b"# Old WordPress addresses -> their new paths, one `<from> <to>` a line\n\
          # (written by `broadsheet-press import wordpress`; docs/import.md).\n",
    );
    redirects(&plan, &mapping, |from, to| {
        summary.redirects += 1;
        if written.is_ok() {
            written = writeln!(file, "{from} {to}");
        }
    });
    written
        .and_then(|()| file.flush())
        .map_err(|e| io(REDIRECTS, e))?;
    drop(file);
    stage
        .write("site.toml", site_text.as_bytes())
        .map_err(|e| io("site.toml", e))?;
    if proposed {
        stage
            .write(MAPPING, sections::mapping_text(&mapping).as_bytes())
            .map_err(|e| io(MAPPING, e))?;
    }
    summary.report = report;
    let lines = summary.lines(opts);
    let mut file = stage.create(REPORT).map_err(|e| io(REPORT, e))?;
    summary
        .report
        .write(&format!("Import of {export_name}"), &lines, &mut file)
        .and_then(|()| file.flush())
        .map_err(|e| io(REPORT, e))?;
    drop(file);
    summary.files = stage
        .commit()
        .map_err(|e| vec![format!("moving the import into {}: {e}", opts.content.display())])?;
    Ok(summary)
}

use std::io::Write as _;
