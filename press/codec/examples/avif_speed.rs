//! ravif's speed settings compared on real and synthetic photographs: the
//! bytes and time of one copy each (docs/images.md, "Choosing the encoder").
//!
//! `cargo run -q -p broadsheet-press-codec --example avif_speed -- [PHOTO.jpg …]`
//! (the codec is optimised in every profile). Without arguments it uses a
//! synthetic 1600×1067 photograph: gradients, a horizon and grain.

use broadsheet_press_codec::{copies, jpeg, Settings};
use std::time::Instant;

fn synthetic() -> Vec<u8> {
    let (w, h) = (1600u32, 1067u32);
    let mut state = 0x9E37_79B9u32;
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let grain = (state % 17) as i32 - 8;
            let sky = y < h * 2 / 5;
            let base = if sky {
                [90 + (y * 80 / h) as i32, 140 + (y * 60 / h) as i32, 210]
            } else {
                let wave = ((x as f32 / 23.0).sin() * 18.0 + (y as f32 / 7.0).cos() * 9.0) as i32;
                [40 + wave, 70 + wave + (x * 30 / w) as i32, 90 + wave]
            };
            rgb.extend(base.map(|c| (c + grain).clamp(0, 255) as u8));
        }
    }
    jpeg(&rgb, w, h, 90).expect("a JPEG")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let photos: Vec<(String, Vec<u8>)> = if args.is_empty() {
        vec![("synthetic 1600×1067".to_string(), synthetic())]
    } else {
        args.iter()
            .map(|p| (p.clone(), std::fs::read(p).expect("a readable photograph")))
            .collect()
    };
    println!("photograph | copy at most | speed | AVIF bytes | seconds (decode, scale, AVIF and JPEG)");
    for (name, bytes) in &photos {
        // The widest copy the press makes (the original's own width if
        // narrower, unscaled).
        let width = 1600;
        for speed in [9u8, 10] {
            let settings = Settings {
                avif_quality: 60,
                avif_speed: speed,
                jpeg_quality: 80,
            };
            // Best of three: the machine is shared.
            let mut best = f64::MAX;
            let mut avif_bytes = 0;
            for _ in 0..3 {
                let start = Instant::now();
                let made = copies(bytes, &[width], settings).expect("copies");
                best = best.min(start.elapsed().as_secs_f64());
                avif_bytes = made[0].avif.len();
            }
            println!("{name} | {width} | {speed} | {avif_bytes} | {best:.2}");
        }
    }
}
