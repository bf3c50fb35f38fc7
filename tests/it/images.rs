//! Photos: markdown images, `image:` and `image()` go through one pipeline (resized copies in
//! WebP and the photo's own format, upright, without metadata), with `srcset`, `sizes`, width
//! and height in the HTML, a cache that spares a warm build all pixel work, and clear errors
//! for images that cannot be published. Test photos are made here with the `image` crate.

use crate::support::{SITE_YAML, TestSite, attrs, gradient, png, png_header, tree};
use image::{ImageEncoder, ImageFormat, ImageReader};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the GPS block of the test photos says where a scan of the output can find it.
const GPS_MARK: &[u8] = b"KNEADGPSMARKER12";

/// `site.yaml` with small widths, so the tests encode little.
fn site_yaml() -> String {
    format!("{SITE_YAML}images:\n  widths: [300, 600]\n  quality: 70\n")
}

fn photo_site() -> TestSite {
    TestSite::new().file("site.yaml", &site_yaml())
}

/// A JPEG of `width` × `height` pixels as stored, with an EXIF block that holds `orientation`
/// and a GPS position (with [`GPS_MARK`] as its processing method), as phones write them.
fn phone_jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .write_image(
            gradient(width, height).as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let exif = exif_block(orientation);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    app1.extend(exif);
    // After the start-of-image marker, before the encoder's own segments.
    [&plain[..2], &app1, &plain[2..]].concat()
}

/// `Exif\0\0` and a big-endian TIFF: IFD0 with the orientation and a pointer to the GPS IFD,
/// which holds the latitude reference and a processing method of [`GPS_MARK`].
fn exif_block(orientation: u16) -> Vec<u8> {
    let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(count.to_be_bytes());
        t.extend(value);
    };
    // IFD0 at 8: 2 entries, 30 bytes; the GPS IFD at 38: 2 entries, 30 bytes; its data at 68.
    t.extend(2u16.to_be_bytes());
    let o = orientation.to_be_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut t, 0x8825, 4, 1, 38u32.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    t.extend(2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x001B, 7, GPS_MARK.len() as u32, 68u32.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    t.extend(GPS_MARK);
    [b"Exif\0\0".as_slice(), &t].concat()
}

/// Format, width and height of an output file, decoded in full.
fn decoded(path: &Path) -> (ImageFormat, u32, u32) {
    let reader = ImageReader::open(path).unwrap().with_guessed_format().unwrap();
    let format = reader.format().unwrap();
    let image = reader
        .decode()
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()));
    (format, image.width(), image.height())
}

/// `srcset` -> (URL, width) pairs.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The output file behind a root-relative URL.
fn output(site: &TestSite, url: &str) -> PathBuf {
    site.public().join(url.trim_start_matches('/'))
}

fn room_site() -> TestSite {
    photo_site()
        .page(
            "guides/room/index.md",
            "title: Our room",
            "![Our treatment room](room.jpg \"The room\")\n\nText.\n\n![The front door](door.png)\n",
        )
        .bytes("content/guides/room/room.jpg", &phone_jpeg(800, 600, 1))
        .bytes("content/guides/room/door.png", &png(500, 400))
}

#[test]
fn a_markdown_photo_becomes_a_picture_of_resized_webp_and_jpeg_copies() {
    let site = room_site();
    site.build_ok();
    let doc = site.html("guides/room/index.html");
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let pictures: Vec<_> = doc.select(&sel(".content picture")).collect();
    assert_eq!(pictures.len(), 2);

    let source = pictures[0].select(&sel("source")).next().expect("a WebP source");
    assert_eq!(source.attr("type"), Some("image/webp"));
    let webp = candidates(source.attr("srcset").unwrap());
    assert_eq!(webp.iter().map(|c| c.1).collect::<Vec<_>>(), [300, 600]);
    let img = pictures[0].select(&sel("img")).next().unwrap();
    let jpeg = candidates(img.attr("srcset").unwrap());
    assert_eq!(jpeg.iter().map(|c| c.1).collect::<Vec<_>>(), [300, 600]);
    assert_eq!(img.attr("alt"), Some("Our treatment room"));
    assert_eq!(img.attr("title"), Some("The room"));
    assert_eq!((img.attr("width"), img.attr("height")), (Some("600"), Some("450")));
    assert_eq!(img.attr("src"), Some(jpeg[1].0.as_str()));
    assert!(img.attr("sizes").is_some_and(|s| !s.is_empty()));
    // The first image is the page's main one: fetched first, not lazily.
    assert_eq!(img.attr("fetchpriority"), Some("high"));
    assert_eq!(img.attr("loading"), None);

    for (url, width) in &webp {
        assert_eq!(
            decoded(&output(&site, url)),
            (ImageFormat::WebP, *width, width * 3 / 4),
            "{url}"
        );
    }
    for (url, width) in &jpeg {
        assert_eq!(
            decoded(&output(&site, url)),
            (ImageFormat::Jpeg, *width, width * 3 / 4),
            "{url}"
        );
    }
    // The photo's own name holds its largest copy, so old links still show it.
    assert_eq!(
        decoded(&site.public().join("guides/room/room.jpg")),
        (ImageFormat::Jpeg, 600, 450)
    );

    // Later images load lazily; a PNG keeps PNG as its fallback.
    let door = pictures[1].select(&sel("img")).next().unwrap();
    assert_eq!(door.attr("loading"), Some("lazy"));
    assert_eq!(door.attr("decoding"), Some("async"));
    assert_eq!(door.attr("fetchpriority"), None);
    let door_copies = candidates(door.attr("srcset").unwrap());
    assert_eq!(door_copies.iter().map(|c| c.1).collect::<Vec<_>>(), [300, 500]);
    assert_eq!(decoded(&output(&site, &door_copies[1].0)), (ImageFormat::Png, 500, 400));
}

#[test]
fn gps_and_exif_are_absent_from_every_published_image() {
    let jpeg = phone_jpeg(700, 500, 1);
    assert!(
        jpeg.windows(GPS_MARK.len()).any(|w| w == GPS_MARK),
        "the input carries the GPS block"
    );
    let site = photo_site()
        .page("about/index.md", "title: About", "![The team](team.jpg)\n")
        .bytes("content/about/team.jpg", &jpeg)
        .bytes("static/images/front.jpg", &jpeg);
    site.build_ok();
    let files = tree(&site.public());
    let images: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(path, _)| [".jpg", ".webp", ".png"].iter().any(|e| path.ends_with(e)))
        .collect();
    assert!(
        images.len() >= 6,
        "copies of both photos: {:?}",
        files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in images {
        assert!(
            !bytes.windows(GPS_MARK.len()).any(|w| w == GPS_MARK),
            "{path} has the GPS block"
        );
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "{path} has an EXIF block");
        assert!(!bytes.windows(4).any(|w| w == b"http"), "{path} has XMP");
    }
}

#[test]
fn the_exif_orientation_turns_the_copies_upright() {
    // Stored 600 × 400, shown turned a quarter: 400 × 600.
    let site = photo_site()
        .page("p/index.md", "title: Turned", "![A standing photo](tall.jpg)\n")
        .bytes("content/p/tall.jpg", &phone_jpeg(600, 400, 6));
    site.build_ok();
    let doc = site.html("p/index.html");
    assert_eq!(attrs(&doc, ".content img", "width"), ["400"]);
    assert_eq!(attrs(&doc, ".content img", "height"), ["600"]);
    let src = attrs(&doc, ".content img", "src").remove(0);
    assert_eq!(decoded(&output(&site, &src)), (ImageFormat::Jpeg, 400, 600));
}

#[test]
fn photos_in_static_get_pictures_and_other_images_their_size() {
    // A GIF's header: 40 × 30 pixels. GIFs and SVGs are published as they are.
    let gif = b"GIF89a\x28\x00\x1e\x00\x00\x00\x00;";
    let site = photo_site()
        .page(
            "visit.md",
            "title: Visit",
            "![The front door](/images/door.jpg)\n\n![Map](/images/map.gif)\n",
        )
        .bytes("static/images/door.jpg", &phone_jpeg(640, 480, 1))
        .bytes("static/images/map.gif", gif);
    site.build_ok();
    let doc = site.html("visit/index.html");
    let srcset = attrs(&doc, ".content picture img", "srcset").remove(0);
    assert_eq!(candidates(&srcset).iter().map(|c| c.1).collect::<Vec<_>>(), [300, 600]);
    assert_eq!(attrs(&doc, ".content img[src='/images/map.gif']", "width"), ["40"]);
    assert_eq!(attrs(&doc, ".content img[src='/images/map.gif']", "height"), ["30"]);
    assert_eq!(std::fs::read(site.public().join("images/map.gif")).unwrap(), gif);
}

#[test]
fn templates_ask_for_photos_with_image_and_pages_name_theirs_as_social_card() {
    let template = r#"{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>{% set hero = image(path=page.image, source=page.source) %}<img id="hero" src="{{ hero.src }}" srcset="{{ hero.srcset }}" sizes="{{ hero.sizes }}" width="{{ hero.width }}" height="{{ hero.height }}" alt="">{% set team = image(path="/images/team.jpg", widths=[300]) %}<img id="team" src="{{ team.src }}" srcset="{{ team.srcset }}" data-webp="{{ team.webp_srcset }}" alt="The team"><p id="card">{{ meta.image }}</p>{% endblock %}"#;
    let site = photo_site()
        .file("themes/probe/templates/hero.html", template)
        .page(
            "services/massage/index.md",
            "title: Massage\ntemplate: hero.html\nimage: hero.jpg",
            "Text.\n",
        )
        .bytes("content/services/massage/hero.jpg", &phone_jpeg(1400, 1000, 1))
        .bytes("static/images/team.jpg", &phone_jpeg(900, 600, 1));
    site.build_ok();
    let doc = site.html("services/massage/index.html");
    assert_eq!(attrs(&doc, "#hero", "width"), ["600"]);
    let hero = candidates(&attrs(&doc, "#hero", "srcset").remove(0));
    assert_eq!(hero.iter().map(|c| c.1).collect::<Vec<_>>(), [300, 600]);
    assert!(hero[0].0.starts_with("/services/massage/hero-300."), "{hero:?}");
    let team = candidates(&attrs(&doc, "#team", "srcset").remove(0));
    assert_eq!(team.len(), 1);
    assert_eq!(decoded(&output(&site, &team[0].0)), (ImageFormat::Jpeg, 300, 200));
    assert!(attrs(&doc, "#team", "data-webp")[0].contains(" 300w"));

    // The social card: the photo cropped to 1200 × 630, without metadata.
    let card = crate::support::texts(&doc, "#card").remove(0);
    let card_path = card.strip_prefix("https://clinic.example").unwrap();
    assert_eq!(decoded(&output(&site, card_path)), (ImageFormat::Jpeg, 1200, 630));
    let bytes = std::fs::read(output(&site, card_path)).unwrap();
    assert!(!bytes.windows(GPS_MARK.len()).any(|w| w == GPS_MARK));
}

#[test]
fn a_transparent_photo_as_social_card_is_a_jpeg_on_white() {
    // Left half opaque blue, right half fully transparent.
    let (width, height) = (800, 600);
    let pixels = image::RgbaImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::Rgba([0, 0, 255, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let webp = webp::Encoder::from_rgba(pixels.as_raw(), width, height)
        .encode(90.0)
        .to_vec();
    let template = r#"{% extends "base.html" %}{% block main %}<p id="card">{{ meta.image }}</p>{% endblock %}"#;
    let site = photo_site()
        .file("themes/probe/templates/card.html", template)
        .page(
            "services/massage/index.md",
            "title: Massage\ntemplate: card.html\nimage: logo.webp",
            "Text.\n",
        )
        .bytes("content/services/massage/logo.webp", &webp);
    site.build_ok();
    let card = crate::support::texts(&site.html("services/massage/index.html"), "#card").remove(0);
    let card_path = output(&site, card.strip_prefix("https://clinic.example").unwrap());
    assert_eq!(decoded(&card_path), (ImageFormat::Jpeg, 800, 420));
    let image = image::open(&card_path).unwrap().into_rgb8();
    let [r, g, b] = image.get_pixel(700, 200).0;
    assert!(
        r > 240 && g > 240 && b > 240,
        "transparent pixels are white: {:?}",
        [r, g, b]
    );
    let [r, _, b] = image.get_pixel(100, 200).0;
    assert!(
        b > 200 && r < 60,
        "opaque pixels keep their colour: {:?}",
        image.get_pixel(100, 200)
    );
}

#[test]
fn a_photo_whose_name_has_ampersand_quote_and_space_is_linked_by_its_url() {
    let name = "a&b's room.jpg";
    let site = TestSite::bundled_theme()
        .file(
            "site.yaml",
            "title: Test Clinic\nbase_url: https://clinic.example/\nimages:\n  widths: [300, 600]\n",
        )
        .page(
            "guides/room/index.md",
            &format!("title: Our room\nimage: \"/images/{name}\""),
            &format!("Text.\n\n![Our room](</images/{name}>)\n"),
        )
        // Static files keep their names (a page's own files get slugs).
        .bytes(&format!("static/images/{name}"), &phone_jpeg(800, 600, 1));
    site.build_ok();
    let doc = site.html("guides/room/index.html");
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let img = doc.select(&sel("main picture img")).next().expect("a picture");
    let decode = |url: &str| {
        percent_encoding::percent_decode_str(url)
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    let mut urls = vec![img.value().attr("src").unwrap().to_string()];
    for srcset in doc
        .select(&sel("main picture source, main picture img"))
        .map(|e| e.value().attr("srcset").unwrap())
    {
        urls.extend(candidates(srcset).into_iter().map(|(url, _)| url));
    }
    for url in &urls {
        assert!(!url.contains("&amp;") && !url.contains(' '), "{url}");
        let path = decode(url);
        assert!(path.starts_with("/images/a&b's room-"), "{url}");
        assert!(output(&site, &path).is_file(), "{url} names no file");
    }
    let og = attrs(&doc, "meta[property='og:image']", "content").remove(0);
    assert!(!og.contains("&amp;"), "{og}");
    let og_path = decode(og.strip_prefix("https://clinic.example").unwrap());
    assert!(output(&site, &og_path).is_file(), "{og}");
    let json_ld = crate::support::texts(&doc, "script[type='application/ld+json']").join("");
    assert!(json_ld.contains("room-card."), "{json_ld}");
    assert!(!json_ld.contains("&amp;") && !json_ld.contains("&#x27;"), "{json_ld}");
}

#[test]
fn a_warm_build_does_no_image_work_and_a_damaged_cache_entry_is_made_again() {
    let site = room_site();
    site.build_ok();
    let cache = site.root().join(".knead-cache/images");
    let entries = || -> BTreeMap<PathBuf, std::time::SystemTime> {
        std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.path(), e.metadata().unwrap().modified().unwrap())
            })
            .collect()
    };
    let first = entries();
    assert_eq!(
        first.len(),
        2 * 2 * 2,
        "two widths in WebP and the own format of each photo"
    );
    let output = tree(&site.public());

    site.build_ok();
    assert_eq!(entries(), first, "no copy was encoded again");
    assert_eq!(tree(&site.public()), output);

    // A damaged entry, and one that is a link to a file outside the cache with metadata: both
    // are made again, and the output is as before.
    let mut names: Vec<&PathBuf> = first.keys().collect();
    names.sort();
    std::fs::write(names[0], b"not an image").unwrap();
    #[cfg(unix)]
    {
        let outside = site.root().join("outside.jpg");
        std::fs::write(&outside, phone_jpeg(300, 225, 1)).unwrap();
        std::fs::remove_file(names[1]).unwrap();
        std::os::unix::fs::symlink(&outside, names[1]).unwrap();
    }
    site.build_ok();
    assert_eq!(tree(&site.public()), output);
    assert!(std::fs::symlink_metadata(names[1]).unwrap().is_file());

    // The cache is never committed, and deleting it costs only time.
    assert_eq!(
        std::fs::read_to_string(site.root().join(".knead-cache/.gitignore")).unwrap(),
        "*\n"
    );
    std::fs::remove_dir_all(site.root().join(".knead-cache")).unwrap();
    site.build_ok();
    assert_eq!(tree(&site.public()), output);
}

/// The cache entry whose name ends with `suffix`.
fn cache_entry(site: &TestSite, suffix: &str) -> PathBuf {
    std::fs::read_dir(site.root().join(".knead-cache/images"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no cache entry ends with {suffix}"))
}

/// A JPEG of one colour, `width` × `height`, without metadata: what a forged entry holds.
fn flat_jpeg(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_pixel(width, height, image::Rgb([255, 0, 0]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .write_image(pixels.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

#[test]
fn forged_cache_entries_and_entries_made_under_another_key_are_made_again() {
    use hmac::{Hmac, KeyInit, Mac};
    let key_a = tempfile::tempdir().unwrap();
    let key_b = tempfile::tempdir().unwrap();
    let site = room_site().with(|o| o.cache_key_dir = Some(key_a.path().to_path_buf()));
    site.build_ok();
    assert!(key_a.path().join("cache-key").is_file());
    let output = tree(&site.public());
    let cache = site.root().join(".knead-cache/images");
    let made = tree(&cache);

    // Other pixels under the entry's name, with a plain checksum and with a MAC under a key
    // anyone could guess: neither is published.
    let entry = cache_entry(&site, "-300.jpg");
    let forged = flat_jpeg(300, 225);
    let checksum = xxhash_rust::xxh3::xxh3_64(&forged).to_le_bytes();
    std::fs::write(&entry, [forged.as_slice(), &checksum, b"kneadim1"].concat()).unwrap();
    site.build_ok();
    assert_eq!(tree(&site.public()), output);
    assert_eq!(tree(&cache), made, "the forged entry was made again");

    let name = entry.file_name().unwrap().to_str().unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&[0; 32]).unwrap();
    mac.update(&(name.len() as u64).to_le_bytes());
    mac.update(name.as_bytes());
    mac.update(&forged);
    let sum = mac.finalize().into_bytes();
    std::fs::write(&entry, [forged.as_slice(), &sum, b"kneadim2"].concat()).unwrap();
    site.build_ok();
    assert_eq!(tree(&site.public()), output);
    assert_eq!(tree(&cache), made, "the forged entry was made again");

    // Entries made with another key (another machine's, or shipped with the site) are all
    // made again; the cache then works warm with the new key.
    let site = site.with(|o| o.cache_key_dir = Some(key_b.path().to_path_buf()));
    site.build_ok();
    assert_eq!(tree(&site.public()), output);
    let remade = tree(&cache);
    assert_eq!(remade.len(), made.len());
    assert!(
        remade.iter().all(|(name, bytes)| made[name] != *bytes),
        "every entry was made again under the new key"
    );
    site.build_ok();
    assert_eq!(
        tree(&cache),
        remade,
        "a warm build with the same key does no image work"
    );
}

#[test]
fn without_a_key_file_the_photos_are_published_and_the_build_notes_the_cache_is_not_kept() {
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let site = room_site().with(|o| o.cache_key_dir = Some(blocker.path().join("knead")));
    let report = site.build_ok();
    assert!(site.exists("guides/room/room.jpg"));
    let note = report
        .warnings
        .iter()
        .find(|d| d.message.contains("not kept for later builds"))
        .expect("a note says the cache is not kept");
    assert!(note.verbose_only);
}

#[cfg(unix)]
#[test]
fn a_cache_directory_that_is_a_link_elsewhere_is_not_used() {
    let outside = tempfile::tempdir().unwrap();
    let site = room_site();
    std::os::unix::fs::symlink(outside.path(), site.root().join(".knead-cache")).unwrap();
    site.build_ok();
    assert!(site.exists("guides/room/room.jpg"));
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written through the link"
    );
}

#[cfg(unix)]
#[test]
fn a_cache_gitignore_that_is_a_link_elsewhere_is_not_written_through() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("precious.txt");
    std::fs::write(&target, "keep me\n").unwrap();
    let site = room_site();
    std::fs::create_dir(site.root().join(".knead-cache")).unwrap();
    std::os::unix::fs::symlink(&target, site.root().join(".knead-cache/.gitignore")).unwrap();
    site.build_ok();
    assert!(site.exists("guides/room/room.jpg"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
}

#[test]
fn a_changed_photo_gets_new_names_and_is_encoded_again() {
    let site = room_site();
    site.build_ok();
    let before = attrs(&site.html("guides/room/index.html"), ".content img", "src");
    std::fs::write(
        site.root().join("content/guides/room/room.jpg"),
        phone_jpeg(800, 400, 1),
    )
    .unwrap();
    site.build_ok();
    let after = attrs(&site.html("guides/room/index.html"), ".content img", "src");
    assert_ne!(before[0], after[0]);
    assert_eq!(before[1], after[1], "the unchanged photo keeps its names");
    assert_eq!(decoded(&output(&site, &after[0])), (ImageFormat::Jpeg, 600, 300));
    assert!(!output(&site, &before[0]).exists(), "the old copies are gone");
}

/// The first line of each error of a build of `site`, and asserts the build changed nothing.
fn errors_keeping_output(site: &TestSite) -> Vec<String> {
    let before = tree(&site.public());
    let errors = site.errors();
    assert_eq!(
        tree(&site.public()),
        before,
        "a failed build leaves the output as it was"
    );
    errors
}

#[test]
fn damaged_wrong_and_huge_images_are_errors_naming_the_file() {
    let site = room_site();
    site.build_ok();

    let cut = phone_jpeg(800, 600, 1);
    let site = site.bytes("content/guides/room/room.jpg", &cut[..cut.len() / 2]);
    let errors = errors_keeping_output(&site);
    assert!(
        errors.iter().any(
            |e| e.starts_with(&format!("{}: error:", site.shown("content/guides/room/room.jpg")))
                && e.contains("cannot be read")
                && e.contains("help:")
        ),
        "{errors:?}"
    );

    let site = site
        .bytes("content/guides/room/room.jpg", &phone_jpeg(800, 600, 1))
        .file("content/guides/room/door.png", "<html>not a picture</html>");
    let errors = errors_keeping_output(&site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("not a JPEG, PNG or WebP image"), "{errors:?}");

    // A PNG that claims 20,000 × 20,000 pixels: refused from its header, never decoded.
    let site = site.bytes("content/guides/room/door.png", &png_header(20_000, 20_000));
    let errors = errors_keeping_output(&site);
    assert!(
        errors[0].contains("20000 × 20000 pixels") && errors[0].contains("images.max_pixels"),
        "{errors:?}"
    );
    // A long screenshot: its copies would be taller than a WebP image can be.
    let site = site.bytes("content/guides/room/door.png", &png(200, 20_000));
    let errors = errors_keeping_output(&site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{}: error:", site.shown("content/guides/room/door.png")))
            && errors[0].contains("200 × 20000")
            && errors[0].contains("help: crop"),
        "{errors:?}"
    );
}

#[test]
fn missing_and_unsupported_images_are_errors_at_their_line() {
    let site = photo_site().page("a.md", "title: A", "Text.\n\n![A photo](/images/gone.jpg)\n");
    let errors = site.error_lines();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("{}:6:1:", site.shown("content/a.md")))),
        "{errors:?}"
    );
    let site = photo_site()
        .page("b.md", "title: B", "![Taken on a phone](/images/IMG_1.heic)\n")
        .bytes("static/images/IMG_1.heic", b"heic bytes");
    // The file itself is refused before any page is checked.
    let errors = site.error_lines();
    assert!(
        errors.iter().any(
            |e| e.starts_with(&format!("{}: error:", site.shown("static/images/IMG_1.heic"))) && e.contains("HEIC")
        ),
        "{errors:?}"
    );
}

#[test]
fn camera_files_are_not_published_and_the_build_says_why() {
    // No page links them: they would otherwise be copied as they are, GPS and all.
    let site = photo_site()
        .bytes("static/images/IMG_1.HEIC", b"heic bytes")
        .bytes("content/guides/room/raw.dng", b"dng bytes")
        .page("guides/room/index.md", "title: Room", "Text.\n");
    let errors = site.errors();
    for file in ["static/images/IMG_1.HEIC", "content/guides/room/raw.dng"] {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("{}: error:", site.shown(file)))
                    && e.contains("not published")
                    && e.contains("help: export it as JPEG")),
            "{file}: {errors:?}"
        );
    }
    assert!(!site.exists("images/IMG_1.HEIC"));
}

#[test]
fn a_markdown_image_without_alt_text_is_an_error_at_its_line() {
    let site = photo_site()
        .page("p/index.md", "title: P", "Text.\n\n![](room.jpg)\n")
        .bytes("content/p/room.jpg", &phone_jpeg(320, 240, 1));
    let errors = site.errors();
    let wanted = format!(
        "{}:6:1: error: image `room.jpg` has no alt text",
        site.shown("content/p/index.md")
    );
    assert!(
        errors.iter().any(|e| e.starts_with(&wanted) && e.contains("help:")),
        "{errors:?}"
    );
}

/// The body of a page whose markdown writes `<img>` tags in HTML: inline in a paragraph, in a
/// block of HTML, and in a block of HTML inside a quote, each given `alt` (but one, given `alt=""`).
fn html_images_body(alt: &str) -> String {
    format!(
        "Our room.\n\nA photo: <img src=\"x.png\"{alt}> here.\n\n<figure>\n  <img src='door.png' alt=\"\">\n  <img\n   src=\"/images/map.png\"{alt}>\n</figure>\n\n> <div>\n> <IMG SRC=q.png{alt}></div>\n"
    )
}

#[test]
fn an_img_tag_without_alt_in_markdown_is_an_error_at_its_line_and_column() {
    let site = photo_site()
        .page("room/index.md", "title: Room", &html_images_body(" alt=\"\""))
        .bytes("content/room/x.png", &png(40, 30))
        .bytes("content/room/door.png", &png(40, 30))
        .bytes("content/room/q.png", &png(40, 30))
        .bytes("static/images/map.png", &png(40, 30));
    site.build_ok();
    let doc = site.html("room/index.html");
    assert_eq!(attrs(&doc, ".content img", "alt"), ["", "", "", ""]);

    let site = site.page("room/index.md", "title: Room", &html_images_body(""));
    let errors = errors_keeping_output(&site);
    let page = site.shown("content/room/index.md");
    let help = "\n  help: add alt=\"what the photo shows\", or alt=\"\" when it is only decoration";
    let about_alt: Vec<&String> = errors.iter().filter(|e| e.contains("alt")).collect();
    assert_eq!(
        about_alt,
        [
            &format!("{page}:6:10: error: <img> `x.png` has no alt text{help}"),
            &format!("{page}:10:3: error: <img> `/images/map.png` has no alt text{help}"),
            &format!("{page}:15:3: error: <img> `q.png` has no alt text{help}"),
        ],
        "each once, at its tag, and not again as a lint of the page's HTML: {errors:?}"
    );

    let (code, _, stderr) = site.run(&["build"]);
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!("{page}:6:10: error: <img> `x.png` has no alt text")) && stderr.contains(help),
        "{stderr}"
    );
}

#[test]
fn images_without_alt_in_a_snippet_are_errors_at_the_snippets_line() {
    let site = photo_site()
        .page("p.md", "title: P", "Text.\n\n{{ include(snippet=\"s\") }}\n")
        .file("content/_snippets/s.md", "Snip ![](/a.png) and <img src=\"/b.png\">.\n")
        .bytes("static/a.png", &png(40, 30))
        .bytes("static/b.png", &png(40, 30));
    let errors = site.errors();
    let snippet = site.shown("content/_snippets/s.md");
    let about_alt: Vec<&String> = errors.iter().filter(|e| e.contains("alt")).collect();
    assert_eq!(
        about_alt,
        [
            &format!(
                "{snippet}:1:6: error: image `/a.png` has no alt text\n  help: write what the image shows: \
                 `![a therapist working on a shoulder](photo.jpg)`"
            ),
            &format!(
                "{snippet}:1:22: error: <img> `/b.png` has no alt text\n  help: add alt=\"what the photo shows\", \
                 or alt=\"\" when it is only decoration"
            ),
        ],
        "{errors:?}"
    );
}

#[test]
fn an_img_tag_without_alt_from_a_template_is_a_lint_naming_the_template_and_page() {
    let template = r#"{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>
<img src="/images/logo.png"><div class="content">{{ page.content | safe }}</div>{% endblock %}"#;
    let site = photo_site()
        .file("themes/probe/templates/logo.html", template)
        .page(
            "about.md",
            "title: About\ntemplate: logo.html",
            "Text <img src=\"/images/logo.png\" alt=\"\">.\n",
        )
        .bytes("static/images/logo.png", &png(40, 30));
    let warnings: Vec<String> = site.build_ok().warnings.iter().map(ToString::to_string).collect();
    // Where the template's tag is in the page: the value of its first attribute, on its line.
    let html = site.read("about/index.html");
    let before = &html[..html.find("/images/logo.png\">").unwrap()];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    let wanted = format!(
        "{}:1:1: warning: image `/images/logo.png` has no alt text (line {line}:{col} of `about/index.html`, \
         made with the theme's template `logo.html`)",
        site.shown("content/about.md")
    );
    let about_alt: Vec<&String> = warnings.iter().filter(|w| w.contains("alt")).collect();
    assert_eq!(about_alt.len(), 1, "{warnings:?}");
    assert!(
        about_alt[0].starts_with(&wanted) && about_alt[0].contains("help: give the <img> an alt attribute"),
        "{wanted}\n{warnings:?}"
    );
    let strict = site.with(|o| o.strict = true);
    let errors = strict.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&wanted.replace("warning:", "error:"))),
        "{errors:?}"
    );
}

#[test]
fn image_settings_are_checked() {
    let site = TestSite::new().file("site.yaml", &format!("{SITE_YAML}images:\n  quality: 0\n"));
    let errors = site.error_lines();
    assert!(
        errors[0].contains("site.yaml:4:") && errors[0].contains("quality"),
        "{errors:?}"
    );
    let site = TestSite::new().file("site.yaml", &format!("{SITE_YAML}images:\n  qualty: 80\n"));
    let errors = site.errors();
    assert!(
        errors[0].contains("qualty") && errors[0].contains("quality"),
        "{errors:?}"
    );
}

#[test]
fn image_with_optional_gives_none_only_when_no_photo_is_there() {
    let template = r#"{% extends "base.html" %}{% block main %}{% set gone = image(path="/images/gone.jpg", optional=true) %}{% set team = image(path="/images/team.jpg", widths=[123], optional=true) %}{% endblock %}"#;
    let site = photo_site()
        .file("themes/probe/templates/team.html", template)
        .page("team.md", "title: Team\ntemplate: team.html", "Text.\n")
        .bytes("static/images/team.jpg", &phone_jpeg(900, 600, 1));
    let errors = site.errors();
    assert!(
        errors.iter().any(|e| e.contains("no copy 123 pixels wide")),
        "a bad width is an error even with optional=true: {errors:?}"
    );
    assert!(!errors.iter().any(|e| e.contains("gone.jpg")), "{errors:?}");
}

#[test]
fn a_feed_entrys_photo_has_absolute_urls_in_src_and_srcset() {
    let site = photo_site()
        .page("guides/_index.md", "title: Guides\nfeed: true", "")
        .page(
            "guides/room/index.md",
            "title: Our room\ndate: 2026-01-02",
            "Text.\n\n![Our treatment room](room.jpg)\n",
        )
        .bytes("content/guides/room/room.jpg", &phone_jpeg(800, 600, 1));
    site.build_ok();
    let atom = site.read("guides/atom.xml");
    let atom = roxmltree::Document::parse(&atom).unwrap();
    let content = atom
        .descendants()
        .find(|n| n.has_tag_name("content"))
        .and_then(|n| n.text())
        .expect("the entry has content");
    let html = scraper::Html::parse_fragment(content);
    let mut urls = attrs(&html, "img", "src");
    for set in attrs(&html, "source", "srcset")
        .iter()
        .chain(&attrs(&html, "img", "srcset"))
    {
        urls.extend(candidates(set).into_iter().map(|(url, _)| url));
    }
    assert!(urls.len() >= 5, "{urls:?}");
    for url in &urls {
        let path = url
            .strip_prefix("https://clinic.example/")
            .unwrap_or_else(|| panic!("{url} is not absolute"));
        assert!(output(&site, path).is_file(), "{url}");
    }
}

#[test]
fn the_bundled_themes_home_fetches_only_its_hero_first() {
    let site = TestSite::bundled_theme()
        .file("site.yaml", "title: Test Clinic\nbase_url: https://clinic.example/\nimages:\n  widths: [300, 600]\n")
        .file(
            "content/_index.md",
            "---\ntitle: Test Clinic\nextra:\n  hero_image: /images/hero.jpg\n  hero_alt: The treatment room\n---\nWelcome.\n\n![The front door](door.jpg)\n",
        )
        .bytes("static/images/hero.jpg", &phone_jpeg(800, 600, 1))
        .bytes("content/door.jpg", &phone_jpeg(640, 480, 1));
    site.build_ok();
    let doc = site.html("index.html");
    let sel = scraper::Selector::parse("img[fetchpriority='high']").unwrap();
    let eager: Vec<_> = doc.select(&sel).map(|e| e.value().attr("alt").unwrap_or("")).collect();
    assert_eq!(eager, ["The treatment room"], "one image is fetched first: the hero");
    assert_eq!(attrs(&doc, "img[alt='The front door']", "loading"), ["lazy"]);
}

#[test]
fn the_bundled_theme_shows_a_pages_photo_first_and_uses_its_card_for_previews() {
    let site = TestSite::bundled_theme()
        .file(
            "site.yaml",
            "title: Test Clinic\nbase_url: https://clinic.example/\nimages:\n  widths: [300, 600]\n  sizes: \"(min-width: 50rem) 40rem, 100vw\"\n",
        )
        .page("services/_index.md", "title: Services\npage_template: service.html", "Our services.\n")
        .page(
            "services/massage/index.md",
            "title: Massage\ndescription: \"Slow, firm pressure for the deeper layers of muscle, for lasting ease.\"\nimage: room.jpg",
            "Text.\n\n![The treatment table](table.jpg)\n",
        )
        .bytes("content/services/massage/room.jpg", &phone_jpeg(1300, 800, 1))
        .bytes("content/services/massage/table.jpg", &phone_jpeg(640, 480, 1));
    site.build_ok();
    let doc = site.html("services/massage/index.html");
    let photo = attrs(&doc, ".page-photo img", "srcset");
    assert_eq!(
        candidates(&photo[0]).iter().map(|c| c.1).collect::<Vec<_>>(),
        [300, 600]
    );
    assert_eq!(attrs(&doc, ".page-photo img", "fetchpriority"), ["high"]);
    assert_eq!(
        attrs(&doc, ".page-photo img", "sizes"),
        ["(min-width: 50rem) 40rem, 100vw"],
        "images.sizes"
    );
    assert_eq!(attrs(&doc, ".page-photo img", "alt"), [""]);
    assert_eq!(attrs(&doc, ".page-photo source", "type"), ["image/webp"]);
    // The page's photo comes first, so the body's is lazy.
    assert_eq!(attrs(&doc, ".content img", "loading"), ["lazy"]);
    let og = attrs(&doc, "meta[property='og:image']", "content");
    assert!(
        og[0].starts_with("https://clinic.example/services/massage/room-card."),
        "{og:?}"
    );
    let file = output(&site, og[0].strip_prefix("https://clinic.example").unwrap());
    assert_eq!(decoded(&file), (ImageFormat::Jpeg, 1200, 630));

    // The services listing shows it on the page's card, lazily.
    let listing = site.html("services/index.html");
    assert_eq!(attrs(&listing, ".card-photo img", "loading"), ["lazy"]);
    assert_eq!(attrs(&listing, ".card-photo img", "width"), ["600"]);
}
