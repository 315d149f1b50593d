//! `import wordpress`: what it streams into its staging folder rather than
//! holding (the report's entries, the redirects) and what it then moves in
//! (docs/import.md, "Memory and time").

#[path = "wordpress/helpers.rs"]
mod helpers;

use broadsheet_press::wordpress::import;
use helpers::*;

#[test]
fn what_is_moved_in_is_what_the_summary_lists_and_the_report_is_whole() {
    let d = Dir::new();
    let e = d.write("export.xml", FIXTURE);

    let mut dry = d.opts(&e);
    dry.dry_run = true;
    let planned = import(&dry).unwrap();
    assert!(planned.report.count > 0, "the fixture has things to report");
    assert_eq!(
        planned.report.entries.len(),
        planned.report.count,
        "a dry run holds the entries, to print them"
    );

    let summary = import(&d.opts(&e)).unwrap();
    assert!(summary.report.entries.is_empty(), "written out as they came");
    assert_eq!(summary.report.count, planned.report.count);
    assert_eq!(summary.files, planned.files, "the same files, in the same order");

    // Exactly the listed files are in the content folder: no scratch file
    // of the import's, and no staging folder left.
    let content = d.path("content");
    let mut listed: Vec<_> = summary.files.iter().map(|f| content.join(f)).collect();
    listed.sort();
    let on_disk: Vec<_> = snapshot(&content).into_iter().map(|(p, _)| p).collect();
    assert_eq!(on_disk, listed);
    assert!(!d.path(".content.wordpress-import").exists());

    // Every entry is in the report, under its post, in the order found.
    let report = d.read("content/wordpress-import-report.txt");
    assert_eq!(report.matches("\n  - ").count(), summary.report.count, "{report}");
    for entry in &planned.report.entries {
        let heading = report
            .find(&format!("\n{}\n", entry.post))
            .expect("the post's heading");
        assert!(
            report[heading..].contains(&format!("  - {}\n", entry.note)),
            "{entry:?}"
        );
    }
    let redirects = d.read("content/redirects.txt");
    assert_eq!(
        redirects.lines().filter(|l| !l.starts_with('#')).count(),
        summary.redirects
    );
}
