//! Photographs (docs/images.md): smaller copies in AVIF and JPEG at each
//! width up to the original's, named in the article's JSON and its page;
//! the cache a rebuild copies them from; broken photographs; and images
//! elsewhere, sized by the front matter.

mod common;

use common::{article, snapshot, Fixture};
use std::fs;

/// A photograph-like JPEG: gradients and noise, `width` × `height`.
fn photo_jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2654435761).max(1);
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state % 24) as i32 - 12;
        let fx = x as i32 * 200 / width as i32;
        let fy = y as i32 * 200 / height as i32;
        let c = |v: i32| (v + noise).clamp(0, 255) as u8;
        image::Rgb([c(30 + fx / 2 + fy / 3), c(60 + fy / 2), c(90 + (200 - fx) / 3)])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .encode_image(&image)
        .unwrap();
    bytes
}

fn with_hero(f: &Fixture, name: &str, bytes: &[u8]) {
    fs::write(f.path(&format!("content/world/{name}")), bytes).unwrap();
    f.write(
        "content/world/first.md",
        &article("First", "2024-01-01T09:00:00Z", &["a"], "One.\n").replace(
            "+++\nOne.",
            &format!("[hero]\nsrc = \"{name}\"\nalt = \"A harbour at dusk\"\n+++\nOne."),
        ),
    );
}

fn cached(f: &Fixture) -> broadsheet_press::Report {
    let cache = f.path("cache/search.bin");
    broadsheet_press::build_cached(&f.content(), &f.out(), None, Some(&cache)).expect("the build")
}

#[test]
fn a_photograph_gets_copies_at_each_width_up_to_its_own() {
    let f = Fixture::new();
    with_hero(&f, "harbour.jpg", &photo_jpeg(1000, 600, 1));
    let report = f.build().expect("the build");
    let hero = &f.json("content/articles/world/first.json")["hero"];
    assert_eq!(hero["src"], "/media/world/harbour.jpg");
    assert_eq!(
        (hero["width"].as_u64(), hero["height"].as_u64()),
        (Some(1000), Some(600))
    );
    assert_eq!(hero["variants"]["widths"], serde_json::json!([480, 800, 1000]));
    assert_eq!(hero["variants"]["modern"], "avif");
    // Listings carry them too.
    let listed = &f.json("content/sections/world/2.json")["items"][0]["hero"];
    assert_eq!(listed["variants"], hero["variants"]);
    for (width, height) in [(480, 288), (800, 480), (1000, 600)] {
        let jpeg = f.out().join(format!("media/world/harbour.jpg.{width}.jpg"));
        let decoded = image::open(&jpeg).expect("a JPEG copy");
        assert_eq!((decoded.width(), decoded.height()), (width, height));
        let avif = fs::read(f.out().join(format!("media/world/harbour.jpg.{width}.avif"))).unwrap();
        assert_eq!(&avif[4..12], b"ftypavif", "an AVIF file");
        assert!(avif.len() < fs::metadata(&jpeg).unwrap().len() as usize);
    }
    // None wider than the original, and the original is kept.
    let media: Vec<String> = snapshot(&f.out().join("media/world")).into_keys().collect();
    assert_eq!(
        media,
        [
            "harbour.jpg",
            "harbour.jpg.1000.avif",
            "harbour.jpg.1000.jpg",
            "harbour.jpg.480.avif",
            "harbour.jpg.480.jpg",
            "harbour.jpg.800.avif",
            "harbour.jpg.800.jpg"
        ]
    );
    assert_eq!(report.photos.photos, 1);
    assert_eq!(report.photos.encoded.len(), 1);
    assert!(report.photos.served_bytes > 0 && report.photos.served_bytes < report.photos.original_bytes);
    // Without a cache folder, the copies are made in the staging folder
    // and nothing else is left in the output.
    assert!(fs::read_dir(f.out()).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with('.')));
}

#[test]
fn a_photograph_taken_upright_is_shown_upright_with_its_shown_size() {
    // Stored 900×600 with a red top-left corner, as a phone held upright
    // stores it: EXIF orientation 6, turn 90° clockwise to show.
    let stored = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb(if x < 150 && y < 150 {
            [230, 20, 20]
        } else {
            [20, 20, 230]
        })
    });
    let jpeg = broadsheet_press_codec::jpeg(stored.as_raw(), 900, 600, 90).unwrap();
    let upright = broadsheet_press_codec::with_exif_orientation(&jpeg, 6);
    let f = Fixture::new();
    with_hero(&f, "quay.jpg", &upright);
    f.build().expect("the build");
    let hero = &f.json("content/articles/world/first.json")["hero"];
    assert_eq!(
        (hero["width"].as_u64(), hero["height"].as_u64()),
        (Some(600), Some(900)),
        "the size it is shown at"
    );
    assert_eq!(hero["variants"]["widths"], serde_json::json!([480, 600]));
    for (width, height) in [(480, 720), (600, 900)] {
        let copy = image::open(f.out().join(format!("media/world/quay.jpg.{width}.jpg")))
            .expect("a JPEG copy")
            .into_rgb8();
        assert_eq!(copy.dimensions(), (width, height));
        let red = |x: u32, y: u32| copy.get_pixel(x, y)[0] > 150 && copy.get_pixel(x, y)[2] < 100;
        // The red corner turned with the picture: now its top right.
        assert!(red(width - 20, 20), "top right of the {width} px copy is red");
        assert!(!red(20, 20) && !red(20, height - 20) && !red(width - 20, height - 20));
    }
    // The original is published as it is (browsers turn it by its EXIF).
    assert_eq!(fs::read(f.out().join("media/world/quay.jpg")).unwrap(), upright);
}

#[test]
fn a_small_png_is_copied_at_its_own_width_only_and_an_svg_gets_none() {
    let f = Fixture::new();
    let png = image::RgbaImage::from_fn(300, 200, |x, _| image::Rgba([x as u8, 90, 40, 128]));
    png.save(f.path("content/world/chart.png")).unwrap();
    f.write(
        "content/world/map.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"></svg>"#,
    );
    f.write(
        "content/world/second.md",
        &article(
            "Second",
            "2024-01-02T09:00:00Z",
            &["a"],
            "![A chart](chart.png \"Up\")\n\n![A map](map.svg)\n",
        ),
    );
    f.build().expect("the build");
    let body = &f.json("content/articles/world/second.json")["body"];
    assert_eq!(
        body[0]["image"]["image"]["variants"]["widths"],
        serde_json::json!([300])
    );
    assert!(body[1]["image"]["image"].get("variants").is_none());
    assert!(f.out().join("media/world/chart.png.300.avif").is_file());
    assert!(f.out().join("media/world/chart.png.300.jpg").is_file());
    assert!(!f.out().join("media/world/map.svg.300.jpg").exists());
}

#[test]
fn a_rebuild_takes_unchanged_photographs_from_the_cache() {
    let f = Fixture::new();
    with_hero(&f, "harbour.jpg", &photo_jpeg(700, 400, 2));
    let first = cached(&f);
    assert_eq!((first.photos.encoded.len(), first.photos.reused), (1, 0));
    let copy = f.out().join("media/world/harbour.jpg.480.avif");
    let bytes = fs::read(&copy).unwrap();
    let entries: Vec<_> = fs::read_dir(f.path("cache/photos")).unwrap().collect();
    assert_eq!(entries.len(), 1, "one cache entry, and no temporary left");

    let again = cached(&f);
    assert_eq!(
        (again.photos.encoded.len(), again.photos.reused),
        (0, 1),
        "nothing encoded"
    );
    assert_eq!(fs::read(&copy).unwrap(), bytes);

    // A changed photograph is encoded again; its old entry stays (another
    // site, or an undo, may want it).
    with_hero(&f, "harbour.jpg", &photo_jpeg(700, 400, 3));
    let changed = cached(&f);
    assert_eq!((changed.photos.encoded.len(), changed.photos.reused), (1, 0));
    assert_ne!(fs::read(&copy).unwrap(), bytes);
    assert_eq!(fs::read_dir(f.path("cache/photos")).unwrap().count(), 2);
}

#[test]
fn the_same_photograph_gives_the_same_bytes() {
    let f = Fixture::new();
    with_hero(&f, "harbour.jpg", &photo_jpeg(600, 400, 4));
    f.build().unwrap();
    let one = snapshot(&f.out().join("media"));
    fs::remove_dir_all(f.out()).unwrap();
    f.build().unwrap();
    assert_eq!(snapshot(&f.out().join("media")), one);
}

#[test]
fn a_broken_photograph_is_an_error_at_its_line_and_nothing_is_written() {
    let f = Fixture::new();
    f.build().unwrap();
    let before = snapshot(&f.out());
    // A JPEG whose header is whole (so its size reads) but that stops
    // where its picture would start (the start-of-scan marker).
    let mut broken = photo_jpeg(640, 480, 5);
    let scan = broken.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    broken.truncate(scan);
    with_hero(&f, "broken.jpg", &broken);
    let errors = f.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/world/first.md:8: image broken.jpg cannot be decoded (")
            && errors[0].ends_with("); is the file whole?"),
        "{}",
        errors[0]
    );
    assert_eq!(snapshot(&f.out()), before);
}

#[test]
fn images_elsewhere_take_their_size_from_the_front_matter() {
    let f = Fixture::new();
    let url = "https://old.example.org/wp-content/uploads/2020/01/x.jpg";
    f.write(
        "content/world/first.md",
        &format!(
            "+++\nheadline = \"First\"\nstandfirst = \"S.\"\nauthors = [\"A. Writer\"]\n\
             published = \"2024-01-01T09:00:00Z\"\n\
             [hero]\nsrc = \"https://old.example.org/hero.jpg\"\nalt = \"A quay\"\nwidth = 1600\nheight = 900\n\
             [[images]]\nsrc = \"{url}\"\nwidth = 1200\nheight = 800\n+++\n\
             One.\n\n![Boats](<{url}> \"Boats\")\n"
        ),
    );
    let report = f.build().expect("the build");
    let a = f.json("content/articles/world/first.json");
    assert_eq!(a["hero"]["src"], "https://old.example.org/hero.jpg");
    assert_eq!(a["hero"]["width"], 1600);
    assert!(a["hero"].get("variants").is_none());
    let image = &a["body"][1]["image"]["image"];
    assert_eq!(
        (image["src"].as_str(), image["width"].as_u64()),
        (Some(url), Some(1200))
    );
    assert_eq!(image["height"], 800);
    assert_eq!(report.photos.photos, 0, "the press never fetches an image");
    assert!(!report.warnings.iter().any(|w| w.message.contains("[[images]]")));
}

#[test]
fn an_image_elsewhere_without_its_size_is_an_error_naming_what_to_add() {
    let f = Fixture::new();
    f.write(
        "content/world/first.md",
        "+++\nheadline = \"First\"\nstandfirst = \"S.\"\nauthors = [\"A. Writer\"]\n\
         published = \"2024-01-01T09:00:00Z\"\n\
         [hero]\nsrc = \"https://old.example.org/hero.jpg\"\nalt = \"A quay\"\n+++\n\
         One.\n\n![Boats](https://old.example.org/boats.jpg)\n",
    );
    let errors = f.errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("content/world/first.md:6: the hero image https://old.example.org/hero.jpg")
            && errors[0].contains("give `width` and `height`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/world/first.md:12: image https://old.example.org/boats.jpg")
            && errors[1]
                .contains("[[images]] src = \"https://old.example.org/boats.jpg\" width = … height = …"),
        "{}",
        errors[1]
    );
}

#[test]
fn an_images_entry_no_image_uses_is_a_warning() {
    let f = Fixture::new();
    f.write(
        "content/world/first.md",
        "+++\nheadline = \"First\"\nstandfirst = \"S.\"\nauthors = [\"A. Writer\"]\n\
         published = \"2024-01-01T09:00:00Z\"\n\
         [[images]]\nsrc = \"https://old.example.org/gone.jpg\"\nwidth = 10\nheight = 10\n+++\nOne.\n",
    );
    let report = f.build().expect("a warning does not stop the build");
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.contains("[[images]]"))
        .expect("a warning");
    assert_eq!(warning.line, 6);
    assert!(warning.file.ends_with("content/world/first.md"));
    assert!(warning.message.contains("https://old.example.org/gone.jpg"));
}

#[test]
fn images_entries_are_checked() {
    let f = Fixture::new();
    f.write(
        "content/world/first.md",
        "+++\nheadline = \"First\"\nstandfirst = \"S.\"\nauthors = [\"A. Writer\"]\n\
         published = \"2024-01-01T09:00:00Z\"\n\
         [[images]]\nsrc = \"local.jpg\"\nwidth = 10\nheight = 10\n\
         [[images]]\nsrc = \"https://old.example.org/a.jpg\"\nwidth = 10\n+++\nOne.\n",
    );
    let errors = f.errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("content/world/first.md:6: [[images]] is for images elsewhere"));
    assert!(errors[1]
        .starts_with("content/world/first.md:10: [[images]] for https://old.example.org/a.jpg needs both"));
}

#[test]
fn pages_offer_the_copies_with_sizes_and_the_hero_first() {
    let f = Fixture::new();
    with_hero(&f, "harbour.jpg", &photo_jpeg(900, 500, 6));
    // A shell as Trunk writes it, under the sub-path `/news/` (as pages.rs).
    f.write(
        "shell.html",
        "<!doctype html><html lang=en><meta charset=utf-8><base href=/news/><title>Broadsheet</title></head><body></body></html>\n",
    );
    broadsheet_press::build_with(&f.content(), &f.out(), Some(&f.path("shell.html"))).expect("the build");
    let page = f.read("world/first/index.html");
    let hero = &page[page.find("<picture>").expect("a picture")..];
    let hero = &hero[..hero.find("</picture>").unwrap()];
    assert!(hero.contains(r#"<source type="image/avif" srcset="/news/media/world/harbour.jpg.480.avif 480w, /news/media/world/harbour.jpg.800.avif 800w, /news/media/world/harbour.jpg.900.avif 900w" sizes="(min-width: 42rem) 40rem, calc(100vw - 2rem)""#), "{hero}");
    assert!(
        hero.contains(r#"src="/news/media/world/harbour.jpg.900.jpg""#),
        "{hero}"
    );
    assert!(hero.contains(r#"width="900" height="500""#), "{hero}");
    assert!(hero.contains(r#"fetchpriority="high""#), "{hero}");
    assert!(hero.contains(r#"loading="eager""#), "{hero}");
    assert!(!hero.contains("decoding"), "{hero}");
    // On the homepage it is a top story's picture: lazy, sized as a card.
    let home = f.read("index.html");
    let card = &home[home.find("<picture>").expect("a picture on the homepage")..];
    let card = &card[..card.find("</picture>").unwrap()];
    assert!(
        card.contains(r#"sizes="(min-width: 64rem) 14rem, (min-width: 48rem) 45vw, 6rem""#),
        "{card}"
    );
    assert!(card.contains(r#"loading="lazy" decoding="async""#), "{card}");
    assert!(!card.contains("fetchpriority"), "{card}");
}
