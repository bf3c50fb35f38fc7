//! The clinic facts of `site.yaml` as visitors and search engines meet them, on the bundled
//! theme: booking buttons that lead online, else to a call, else to an email, else nowhere;
//! opening hours written for people and checked where they are written; prices as a table,
//! a card line and `Offer`s; the team on the about page and in bylines as `Person`s; the note
//! about unset facts, the warning about a reviews search, and named links that loop back.

use crate::support::{TestSite, attrs, texts};

/// `site.yaml` for the bundled theme with `clinic` (YAML lines indented by two under
/// `clinic:`) and `rest` (top-level YAML lines).
fn site_yaml(clinic: &str, rest: &str) -> String {
    format!("title: Test Clinic\nbase_url: https://clinic.example/\nclinic:\n  name: Test Clinic\n{clinic}{rest}")
}

/// A small clinic site on the bundled theme: a service, a guide, an about and a contact page.
fn clinic_site(yaml: &str) -> TestSite {
    TestSite::empty()
        .file("site.yaml", yaml)
        .page(
            "_index.md",
            "title: Test Clinic",
            "See [our services](@/services/_index.md), [a guide](@/guides/stretching.md), \
             [about us](@/about.md) and [how to book](@/contact.md).\n",
        )
        .page(
            "services/_index.md",
            "title: Services\npage_template: \"service.html\"\n\
             description: \"Every service of the clinic, with what a session involves and who it suits.\"",
            "Our services.\n",
        )
        .page(
            "services/massage.md",
            "title: Massage\ndescription: \"Hands-on massage for everyday muscle tension, at a pressure that suits you.\"",
            "Massage eases tension.\n",
        )
        .page(
            "guides/_index.md",
            "title: Guides\ndescription: \"Plain-language guides to recovery, stretching and massage between sessions.\"",
            "Guides.\n",
        )
        .page(
            "guides/stretching.md",
            "title: Stretching\ndate: 2026-03-01\ndescription: \"Gentle stretching between sessions, explained step by step for beginners.\"",
            "Stretch gently. See [massage](@/services/massage.md).\n",
        )
        .page(
            "about.md",
            "title: About\ntemplate: \"about.html\"\ndescription: \"Who we are and how we work with every client who visits the clinic.\"",
            "We listen first.\n",
        )
        .page(
            "contact.md",
            "title: Contact\ntemplate: \"contact.html\"\ndescription: \"How to reach the clinic, when it is open and how to book a session.\"",
            "We look forward to meeting you.\n",
        )
}

#[test]
fn booking_buttons_lead_online_then_to_a_call_then_to_an_email_and_else_are_left_out() {
    let phone = "  telephone: \"+1 (410) 555-0100\"\n";
    let email = "  email: \"desk@clinic.example\"\n";
    let online = "links:\n  booking: \"https://book.example/test\"\n";
    let steps = [
        (
            format!("{phone}{email}"),
            online,
            Some(("https://book.example/test", "Book online")),
        ),
        (
            format!("{phone}{email}"),
            "",
            Some(("tel:+14105550100", "Call +1 (410) 555-0100")),
        ),
        (email.to_string(), "", Some(("mailto:desk@clinic.example", "Email"))),
        (String::new(), "links:\n  booking: null\n", None),
    ];
    for (clinic, rest, expected) in steps {
        let site = clinic_site(&site_yaml(&clinic, rest));
        site.build_ok();
        let buttons = links(&site, "services/massage/index.html", ".cta a.btn");
        let header_buttons = attrs(&site.html("services/massage/index.html"), ".page-head a.btn", "href");
        match expected {
            Some((href, label)) => {
                assert_eq!(buttons, [(href.to_string(), label.to_string())], "{clinic}{rest}");
                assert_eq!(header_buttons, [href], "{clinic}{rest}");
                let visit = attrs(&site.html("guides/stretching/index.html"), "footer a", "href");
                assert!(visit.contains(&href.to_string()), "{visit:?}");
            }
            None => {
                assert!(buttons.is_empty(), "{buttons:?}");
                assert!(header_buttons.is_empty(), "{header_buttons:?}");
                assert!(
                    site.html("services/massage/index.html")
                        .select(&sel(".cta"))
                        .next()
                        .is_none()
                );
                assert!(
                    !site
                        .read("services/massage/index.html")
                        .contains("Book a session online")
                );
            }
        }
    }
}

/// Links as (href, text) pairs.
type Links = Vec<(String, String)>;

/// The href and text of each link of `selector` on `out`.
fn links(site: &TestSite, out: &str, selector: &str) -> Links {
    site.html(out)
        .select(&sel(selector))
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                a.text().collect::<String>(),
            )
        })
        .collect()
}

#[test]
fn the_header_and_the_quick_action_bar_offer_each_way_to_book_once_and_never_the_page_itself() {
    let phone = "  telephone: \"+1 (410) 555-0100\"\n";
    let tel = ("tel:+14105550100".to_string(), "Call +1 (410) 555-0100".to_string());
    let steps: [(String, &str, Links, Links); 4] = [
        (
            phone.to_string(),
            "links:\n  booking: \"https://book.example/test\"\n",
            vec![tel.clone(), ("https://book.example/test".into(), "Book online".into())],
            vec![
                ("tel:+14105550100".into(), "Call".into()),
                ("https://book.example/test".into(), "Book online".into()),
            ],
        ),
        // Booking by phone: one button, with the number, not a second call link.
        (phone.to_string(), "", vec![tel.clone()], vec![tel.clone()]),
        (
            String::new(),
            "links:\n  booking: \"@/contact.md\"\n",
            vec![("/contact/".into(), "How to book".into())],
            vec![("/contact/".into(), "How to book".into())],
        ),
        (String::new(), "", vec![], vec![]),
    ];
    for (clinic, rest, header, bar) in steps {
        let site = clinic_site(&site_yaml(&clinic, rest));
        site.build_ok();
        let page = "guides/stretching/index.html";
        assert_eq!(links(&site, page, ".site-header .actions a"), header, "{clinic}{rest}");
        assert_eq!(links(&site, page, "nav.quickbar a"), bar, "{clinic}{rest}");
        let body_class = site
            .html(page)
            .select(&sel("body"))
            .next()
            .unwrap()
            .value()
            .attr("class")
            .map(str::to_string);
        assert_eq!(
            body_class.is_some(),
            !bar.is_empty(),
            "room is kept for the bar only when it is shown"
        );
        // On the page the booking link leads to, no button links to the page itself.
        let contact = [
            links(&site, "contact/index.html", ".site-header .actions a"),
            links(&site, "contact/index.html", "nav.quickbar a"),
        ]
        .concat();
        assert!(contact.iter().all(|(href, _)| href != "/contact/"), "{contact:?}");
    }
}

fn sel(selector: &str) -> scraper::Selector {
    scraper::Selector::parse(selector).unwrap()
}

#[test]
fn the_contact_page_shows_the_facts_that_are_set_and_hides_the_rest() {
    let site = clinic_site(&site_yaml(
        "  telephone: \"+1-410-555-0100\"\n  address:\n    street: \"1 Test Street\"\n    locality: \"Towson\"\n    region: \"MD\"\n    country: \"US\"\n  opening_hours: [\"Mo-Fr 09:00-18:00\", \"Mo,We,Fr 18:30-20:00\", \"Sa 09:30-14:00\"]\n",
        "",
    ));
    site.build_ok();
    let contact = site.html("contact/index.html");
    assert_eq!(texts(&contact, ".clinic-facts dt"), ["Phone", "Address", "Directions"]);
    assert_eq!(attrs(&contact, ".clinic-facts dd a", "href")[0], "tel:+14105550100");
    let map = "https://www.google.com/maps/search/?api=1&query=1%20Test%20Street%2C%20Towson%2C%20MD%2C%20US";
    assert_eq!(attrs(&contact, ".clinic-facts dd a", "href")[1], map);
    assert_eq!(texts(&contact, ".clinic-facts table.hours caption"), ["Opening hours"]);
    assert_eq!(
        texts(&contact, ".clinic-facts table.hours tr th[scope=row]"),
        ["Monday to Friday", "Monday, Wednesday and Friday", "Saturday"]
    );
    assert_eq!(
        texts(&contact, ".clinic-facts table.hours td"),
        ["9 am to 6 pm", "6:30 pm to 8 pm", "9:30 am to 2 pm"]
    );
    let shown = [texts(&contact, "main"), texts(&contact, "footer")].concat().join(" ");
    assert!(
        !shown.contains("Mo-Fr"),
        "the machine form is for structured data: {shown}"
    );
    let footer_hours = texts(&contact, "footer .hours-list li");
    assert_eq!(footer_hours[0], "Monday to Friday: 9 am to 6 pm");
    // The map link of the footer and of `@maps` search for the address too.
    assert!(attrs(&contact, "footer a", "href").contains(&map.to_string()));
    // The same facts on the 404 page, for a visitor who followed a broken link.
    let missing = site.html("404.html");
    assert_eq!(texts(&missing, ".clinic-facts h2"), ["Get in touch"]);
    assert_eq!(texts(&missing, ".clinic-facts dt"), ["Phone", "Address", "Directions"]);
    // The machine form stays in the structured data.
    let ld = json_ld(&site, "contact/index.html");
    assert_eq!(
        business(&ld)["openingHours"],
        serde_json::json!(["Mo-Fr 09:00-18:00", "Mo,We,Fr 18:30-20:00", "Sa 09:30-14:00"])
    );

    // Nothing set: no facts box at all, and no empty list in the footer.
    let bare = clinic_site(&site_yaml("", ""));
    bare.build_ok();
    assert!(
        bare.html("contact/index.html")
            .select(&sel(".clinic-facts"))
            .next()
            .is_none()
    );
    assert!(bare.html("404.html").select(&sel(".clinic-facts")).next().is_none());
    assert!(
        bare.html("contact/index.html")
            .select(&sel("footer .facts"))
            .next()
            .is_none()
    );
}

#[test]
fn hours_written_the_wrong_way_are_an_error_at_their_place_with_the_right_form() {
    let site = clinic_site(&site_yaml(
        "  opening_hours:\n    - \"Sa 09:00-14:00\"\n    - \"Mo-Fr 9-6\"\n",
        "",
    ));
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        format!(
            "{}:7:7: error: clinic.opening_hours: `Mo-Fr 9-6`: times must be 24-hour HH:MM, e.g. 09:00-18:00\n  \
             help: write \"Mo-Fr 09:00-18:00\" (24-hour times with minutes)\nerror: 1 problem found\n",
            site.shown("site.yaml")
        )
    );
    let days = clinic_site(&site_yaml("  opening_hours: [\"Mon-Fri 09:00-18:00\"]\n", ""));
    let errors = days.error_lines();
    assert_eq!(
        errors,
        [format!(
            "{}:5:19: error: clinic.opening_hours: `Mon-Fri 09:00-18:00`: `Mon-Fri` is not a day or a range of days",
            days.shown("site.yaml")
        )]
    );
    assert!(!days.exists("index.html"), "a failed build writes nothing");
}

/// The JSON-LD graph of a page.
fn json_ld(site: &TestSite, out: &str) -> serde_json::Value {
    let script = texts(&site.html(out), "script[type=\"application/ld+json\"]");
    serde_json::from_str(&script[0]).unwrap()
}

/// The graph's node of `kind`.
fn node<'a>(graph: &'a serde_json::Value, kind: &str) -> &'a serde_json::Value {
    graph["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {graph}"))
}

fn business(graph: &serde_json::Value) -> &serde_json::Value {
    node(graph, "HealthAndBeautyBusiness")
}

#[test]
fn prices_are_a_table_on_the_service_page_a_line_on_its_card_and_offers_in_structured_data() {
    let site = clinic_site(&site_yaml("  price_range: \"$$\"\n", ""))
        .page(
            "services/massage.md",
            "title: Massage\ndescription: \"Hands-on massage for everyday muscle tension, at a pressure that suits you.\"\n\
             price: 90\nduration: 60\nvariants:\n  - {duration: 90, price: 127.5}\n  - {name: \"Couples session\", duration: 60, price: 170}",
            "Massage eases tension.\n",
        );
    site.build_ok();
    let page = site.html("services/massage/index.html");
    assert_eq!(
        texts(&page, ".prices tbody th"),
        ["60 min", "90 min", "Couples session, 60 min"]
    );
    assert_eq!(texts(&page, ".prices tbody td"), ["$90", "$127.50", "$170"]);
    assert_eq!(texts(&page, ".page-head .offer-line"), ["From $90 · 60 or 90 min"]);
    assert_eq!(
        texts(&site.html("services/index.html"), ".card .offer-line"),
        ["From $90 · 60 or 90 min"]
    );
    assert!(!site.read("services/massage/index.html").contains("Price range"));
    let ld = json_ld(&site, "services/massage/index.html");
    assert_eq!(
        node(&ld, "Service")["offers"],
        serde_json::json!([
            {"@type": "Offer", "name": "Massage, 60 min", "price": "90", "priceCurrency": "USD"},
            {"@type": "Offer", "name": "Massage, 90 min", "price": "127.50", "priceCurrency": "USD"},
            {"@type": "Offer", "name": "Massage, Couples session, 60 min", "price": "170", "priceCurrency": "USD"},
        ])
    );
    assert_eq!(business(&ld)["priceRange"], "$$", "kept for search engines, not shown");

    // Unknown prices: nothing is shown and nothing is offered.
    let unpriced = clinic_site(&site_yaml("", ""));
    unpriced.build_ok();
    assert!(
        unpriced
            .html("services/massage/index.html")
            .select(&sel(".prices, .offer-line"))
            .next()
            .is_none()
    );
    assert!(
        node(&json_ld(&unpriced, "services/massage/index.html"), "Service")
            .get("offers")
            .is_none()
    );

    let negative = clinic_site(&site_yaml("", "")).page("services/massage.md", "title: Massage\nprice: -5", "x\n");
    assert_eq!(
        negative.error_lines(),
        [format!(
            "{}:3:8: error: price `-5` is negative",
            negative.shown("content/services/massage.md")
        )]
    );
}

const TEAM: &str = "team:\n  - id: dana-smith\n    name: \"Dana Smith\"\n    role: \"Massage therapist\"\n    credentials: \"LMT\"\n    bio: \"Dana listens first.\"\n  - id: lee-park\n    name: \"Lee Park\"\n";

#[test]
fn team_members_are_on_the_about_page_and_bylines_naming_them_link_there_as_persons() {
    let site = clinic_site(&site_yaml("", TEAM)).page(
        "guides/stretching.md",
        "title: Stretching\ndate: 2026-03-01\nauthor: dana-smith\nreviewed_by: \"A. Reviewer, PT\"\n\
         description: \"Gentle stretching between sessions, explained step by step for beginners.\"",
        "Stretch gently. See [massage](@/services/massage.md).\n",
    );
    site.build_ok();
    let about = site.html("about/index.html");
    assert_eq!(
        attrs(&about, ".team .person", "id"),
        ["team-dana-smith", "team-lee-park"]
    );
    assert_eq!(texts(&about, ".team .person h3"), ["Dana Smith, LMT", "Lee Park"]);
    assert_eq!(texts(&about, ".team .person .role"), ["Massage therapist"]);
    let guide = site.html("guides/stretching/index.html");
    assert_eq!(attrs(&guide, ".byline a", "href"), ["/about/#team-dana-smith"]);
    let byline = texts(&guide, ".byline")[0].clone();
    assert!(
        byline.starts_with("By Dana Smith, LMT · Reviewed by A. Reviewer, PT"),
        "{byline}"
    );
    let ld = json_ld(&site, "guides/stretching/index.html");
    assert_eq!(
        node(&ld, "Article")["author"],
        serde_json::json!({
            "@type": "Person",
            "honorificSuffix": "LMT",
            "jobTitle": "Massage therapist",
            "name": "Dana Smith",
            "url": "https://clinic.example/about/#team-dana-smith",
            "worksFor": {"@id": "https://clinic.example/#business"},
        })
    );
    assert_eq!(
        node(&ld, "MedicalWebPage")["reviewedBy"],
        serde_json::json!({"@type": "Person", "name": "A. Reviewer, PT"})
    );

    // Without a team, the about page has no team section.
    let none = clinic_site(&site_yaml("", ""));
    none.build_ok();
    assert!(none.html("about/index.html").select(&sel(".team")).next().is_none());
}

#[test]
fn a_byline_id_nobody_has_is_an_error_with_the_id_meant() {
    let site = clinic_site(&site_yaml("", TEAM)).page(
        "guides/stretching.md",
        "title: Stretching\ndate: 2026-03-01\nauthor: dana-smyth",
        "Stretch gently.\n",
    );
    let errors = site.errors();
    assert_eq!(
        errors,
        [format!(
            "{}:4:9: error: author `dana-smyth`: no one of the team has this id (did you mean `dana-smith`?)\n  \
             help: an id names a person under `team:` in site.yaml (the team's ids are dana-smith, lee-park); write a \
             name with a capital letter or a space, such as \"Dana Smith, LMT\", to show it as written",
            site.shown("content/guides/stretching.md")
        )]
    );
    let no_page = clinic_site(&site_yaml("", &format!("team_page: \"@/team.md\"\n{TEAM}")));
    assert_eq!(
        no_page.error_lines(),
        [format!(
            "{}:5:12: error: link to `@/team.md`: no such page",
            no_page.shown("site.yaml")
        )]
    );
    // Where the id is used a second time, not where it (or text holding it) is first written.
    let twice = clinic_site(&site_yaml(
        "",
        "team:\n  - id: dana\n    name: Dana\n  - id: lee\n    bio: \"Works with dana\"\n    name: Lee\n  - id: dana\n    name: Dana Two\n",
    ));
    assert_eq!(
        twice.error_lines(),
        [format!(
            "{}:11:9: error: team: the id `dana` is used twice",
            twice.shown("site.yaml")
        )]
    );
    let quoted = clinic_site(&site_yaml("", &format!("\"team_page\": \"@/team.md\"\n{TEAM}")));
    assert_eq!(
        quoted.error_lines(),
        [format!(
            "{}:5:14: error: link to `@/team.md`: no such page",
            quoted.shown("site.yaml")
        )],
        "a team_page written with a quoted key is written too"
    );
    let bad_id = clinic_site(&site_yaml("", "team:\n  - id: \"Dana Smith\"\n    name: Dana\n"));
    assert_eq!(
        bad_id.error_lines(),
        [format!(
            "{}:6:9: error: team: the id `Dana Smith` is not an id",
            bad_id.shown("site.yaml")
        )]
    );
}

#[test]
fn check_notes_the_clinic_facts_still_unset_and_build_says_so_only_with_v() {
    let site = clinic_site(&site_yaml(
        "  email: \"desk@clinic.example\"\n  address:\n    locality: \"Towson\"\n",
        "",
    ));
    let note = format!(
        "{}:3:1: note: clinic facts not set yet, so the theme leaves them out: telephone, street address, postal \
         code, opening hours, booking link, team\n  \
         help: fill them in under `clinic:`, `links:` and `team:` in site.yaml once they are known\n",
        site.shown("site.yaml")
    );
    let (code, stdout, stderr) = site.run(&["check"]);
    assert_eq!((code, stderr.as_str()), (0, note.as_str()));
    assert_eq!(stdout, "checked 4 pages: no errors, 0 warnings, 1 note\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!((code, stderr.as_str()), (0, ""), "the note waits for -v");
    let (code, _, stderr) = site.run(&["build", "-v"]);
    assert_eq!((code, stderr), (0, note));
    let (code, _, _) = site.run(&["build", "--strict"]);
    assert_eq!(code, 0, "a note never fails a build");

    // Every fact set: nothing to say. A site without a `clinic:` block has no facts to miss.
    let full = clinic_site(&site_yaml(
        "  telephone: \"555-0100\"\n  email: \"a@clinic.example\"\n  address:\n    street: \"1 Test Street\"\n    locality: \"Towson\"\n    postal_code: \"21204\"\n  opening_hours: [\"Mo 09:00-17:00\"]\n",
        &format!("links:\n  booking: \"https://book.example/\"\n{TEAM}"),
    ));
    assert_eq!(full.run(&["check"]).2, "");
    let plain = clinic_site("title: Plain\nbase_url: https://plain.example/\n");
    assert_eq!(plain.run(&["check"]).2, "");
    // The block is known from the parsed YAML, however its key is written.
    let quoted = clinic_site("title: Quoted\nbase_url: https://q.example/\n\"clinic\":\n  name: Q\n");
    assert!(
        quoted.run(&["check"]).2.contains("note: clinic facts not set yet"),
        "a quoted `clinic` key is a clinic block too"
    );
}

#[test]
fn a_reviews_link_searching_by_name_is_a_warning_and_no_profile_in_structured_data() {
    let search = "https://www.google.com/maps/search/?api=1&query=Test+Clinic";
    let site = clinic_site(&site_yaml(
        "",
        &format!(
            "links:\n  maps: \"{search}\"\n  reviews: \"{search}\"\n  facebook: \"https://facebook.example/test\"\n"
        ),
    ));
    let (code, stdout, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}:7:12: warning: links.reviews is a Google Maps search by name, which can show other businesses\n  \
             help: link the clinic's own reviews: open the clinic's Google Business Profile",
            site.shown("site.yaml")
        )),
        "{stderr}"
    );
    assert!(stdout.ends_with("1 warning, 1 note\n"), "{stdout}");
    site.build_ok();
    let ld = json_ld(&site, "index.html");
    assert_eq!(
        business(&ld)["sameAs"],
        serde_json::json!(["https://facebook.example/test"])
    );

    let profile = clinic_site(&site_yaml("", "links:\n  reviews: \"https://g.page/r/test/review\"\n"));
    let (_, _, stderr) = profile.run(&["check"]);
    assert!(!stderr.contains("warning"), "{stderr}");
    profile.build_ok();
    assert_eq!(
        business(&json_ld(&profile, "index.html"))["sameAs"],
        serde_json::json!(["https://g.page/r/test/review"])
    );
}

#[test]
fn a_named_link_back_to_the_page_it_is_on_is_an_error() {
    let site = clinic_site(&site_yaml("", "links:\n  booking: \"@/contact.md\"\n")).page(
        "contact.md",
        "title: Contact\ntemplate: \"contact.html\"",
        "The easiest way is to [book online](@booking).\n",
    );
    assert_eq!(
        site.errors(),
        [format!(
            "{}:5:23: error: link to `@booking` leads back to this page (`booking` is `@/contact.md` in site.yaml)\n  \
             help: a named link is meant to lead elsewhere: set `links.booking` in site.yaml to where it should go (or \
             to null until that is known), or rewrite the sentence without the link",
            site.shown("content/contact.md")
        )]
    );
    // From any other page the same link is fine, and the booking page shows no button to itself.
    let fine = clinic_site(&site_yaml("", "links:\n  booking: \"@/contact.md\"\n"));
    fine.build_ok();
    assert_eq!(
        links(&fine, "about/index.html", ".cta a.btn"),
        [("/contact/".to_string(), "How to book".to_string())],
        "a booking link to a page of the site is no online booking"
    );
    assert_eq!(
        texts(&fine.html("about/index.html"), ".cta p")[0],
        "See how to book a session."
    );
    assert!(!fine.read("about/index.html").contains("Book a session online"));
    assert!(links(&fine, "contact/index.html", ".cta a.btn").is_empty());
}

#[test]
fn knead_serve_reports_a_named_link_back_to_its_page_written_in_an_edit() {
    let site = clinic_site(&site_yaml("", "links:\n  booking: \"@/contact.md\"\n"));
    let mut session = knead::live::Session::build(&site.options).unwrap();
    let contact = site.root().join("content/contact.md");
    let text = std::fs::read_to_string(&contact).unwrap();
    std::fs::write(&contact, format!("{text}\nOr [book online](@booking).\n")).unwrap();
    let failure = session.update(std::slice::from_ref(&contact)).unwrap_err().to_string();
    assert!(
        failure.starts_with(&format!(
            "{}:8:4: error: link to `@booking` leads back to this page",
            site.shown("content/contact.md")
        )),
        "{failure}"
    );
}

#[test]
fn the_footer_note_is_a_site_setting() {
    let site = clinic_site(&site_yaml(
        "",
        "footer_note: \"General wellness information, not medical advice.\"\n",
    ));
    site.build_ok();
    assert_eq!(
        texts(&site.html("guides/stretching/index.html"), "footer .disclaimer"),
        ["General wellness information, not medical advice."]
    );
    let none = clinic_site(&site_yaml("", ""));
    none.build_ok();
    assert!(
        none.html("index.html")
            .select(&sel("footer .disclaimer"))
            .next()
            .is_none()
    );
}

#[test]
fn a_link_to_a_named_link_still_null_says_it_is_not_known_yet() {
    let site = clinic_site(&site_yaml("", "links:\n  booking: null\n")).page(
        "about.md",
        "title: About\ntemplate: \"about.html\"",
        "Ready? [Book online](@booking).\n",
    );
    assert_eq!(
        site.errors(),
        [format!(
            "{}:5:8: error: link to `@booking`: `booking` is null in site.yaml, as it is not known yet\n  \
             help: write the sentence without the link until `links.booking` is set, or link a page that stays true \
             meanwhile, such as [contact us](@/contact.md)",
            site.shown("content/about.md")
        )]
    );
}

#[test]
fn the_currency_is_a_three_letter_code_shown_and_given_to_search_engines() {
    let site = clinic_site(&site_yaml("  currency: \"eur\"\n", "")).page(
        "services/massage.md",
        "title: Massage\ndescription: \"Hands-on massage for everyday muscle tension, at a pressure that suits you.\"\n\
         price: 90\nduration: 60",
        "Massage eases tension.\n",
    );
    site.build_ok();
    let page = site.html("services/massage/index.html");
    assert_eq!(texts(&page, ".prices tbody td"), ["€90"]);
    let ld = json_ld(&site, "services/massage/index.html");
    assert_eq!(node(&ld, "Service")["offers"][0]["priceCurrency"], "EUR");
    let code = clinic_site(&site_yaml("  currency: \"CHF\"\n", "")).page(
        "services/massage.md",
        "title: Massage\nprice: 92.5",
        "Massage eases tension.\n",
    );
    code.build_ok();
    assert_eq!(
        texts(&code.html("services/massage/index.html"), ".prices tbody td"),
        ["92.50 CHF"]
    );

    let wrong = clinic_site(&site_yaml("  currency: \"$\"\n", ""));
    assert_eq!(
        wrong.errors(),
        [format!(
            "{}:5:13: error: clinic.currency `$` is not a currency code\n  \
             help: write the three-letter ISO 4217 code of the prices: currency: \"USD\" (or EUR, GBP, CAD…)",
            wrong.shown("site.yaml")
        )]
    );
}

#[test]
fn a_telephone_extension_is_dialled_and_letters_are_an_error() {
    let site = clinic_site(&site_yaml("  telephone: \"410-555-0100 ext. 12\"\n", ""));
    site.build_ok();
    let contact = site.html("contact/index.html");
    assert_eq!(
        attrs(&contact, ".clinic-facts dd a", "href")[0],
        "tel:4105550100;ext=12"
    );
    assert_eq!(texts(&contact, ".clinic-facts dd a")[0], "410-555-0100 ext. 12");

    let letters = clinic_site(&site_yaml("  telephone: \"1-800-MASSAGE\"\n", ""));
    let errors = letters.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{}:5:14: error: clinic.telephone `1-800-MASSAGE` has letters, which a phone link cannot dial: write \
             them as digits\n  help: write the number in digits",
            letters.shown("site.yaml")
        )),
        "{}",
        errors[0]
    );
}

#[test]
fn hours_written_with_spaces_reach_search_engines_in_the_canonical_form() {
    let site = clinic_site(&site_yaml(
        "  opening_hours: [\"Mo - Fr 09:00 - 12:00\", \"Sa, Su 10:00-24:00\"]\n",
        "",
    ));
    site.build_ok();
    let contact = site.html("contact/index.html");
    assert_eq!(
        texts(&contact, ".clinic-facts table.hours tr th[scope=row]"),
        ["Monday to Friday", "Saturday and Sunday"]
    );
    assert_eq!(
        texts(&contact, ".clinic-facts table.hours td"),
        ["9 am to noon", "10 am to midnight"]
    );
    assert_eq!(
        business(&json_ld(&site, "contact/index.html"))["openingHours"],
        serde_json::json!(["Mo-Fr 09:00-12:00", "Sa-Su 10:00-24:00"])
    );
}

#[test]
fn team_photos_are_checked_shown_with_their_size_and_absolute_in_structured_data() {
    let yaml = "title: Test Clinic\nbase_url: https://clinic.example/sub/\nclinic:\n  name: Test Clinic\n\
                team:\n  - id: dana-smith\n    name: \"Dana Smith\"\n    photo: \"/images/dana.png\"\n  - id: lee-park\n    name: \"Lee Park\"\n";
    let site = clinic_site(yaml)
        .bytes("static/images/dana.png", &crate::support::png(320, 400))
        .page(
            "guides/stretching.md",
            "title: Stretching\ndate: 2026-03-01\nauthor: dana-smith\n\
             description: \"Gentle stretching between sessions, explained step by step for beginners.\"",
            "Stretch gently. See [massage](@/services/massage.md).\n",
        );
    site.build_ok();
    let about = site.html("about/index.html");
    let img = about.select(&sel(".team .person img")).collect::<Vec<_>>();
    assert_eq!(img.len(), 1, "only Dana has a photo");
    let attr = |name: &str| img[0].value().attr(name).unwrap_or_default().to_string();
    assert_eq!(
        [attr("alt"), attr("width"), attr("height"), attr("loading")],
        ["Dana Smith", "320", "400", "lazy"]
    );
    let src = attr("src");
    assert!(
        src.starts_with("/sub/images/dana-320.") && src.ends_with(".png"),
        "a resized copy: {src}"
    );
    let webp = attrs(&about, ".team .person picture source[type='image/webp']", "srcset");
    assert!(
        webp.len() == 1 && webp[0].starts_with("/sub/images/dana-320."),
        "{webp:?}"
    );
    let ld = json_ld(&site, "guides/stretching/index.html");
    assert_eq!(
        node(&ld, "Article")["author"]["image"],
        "https://clinic.example/sub/images/dana.png"
    );

    let missing = clinic_site(&site_yaml(
        "",
        "team:\n  - id: dana\n    name: Dana\n  - id: lee\n    name: Lee\n    photo: \"/images/lee.jpg\"\n",
    ));
    let errors = missing.error_lines();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{}:10:12: error: team photo `/images/lee.jpg`: ",
            missing.shown("site.yaml")
        )),
        "{errors:?}"
    );
    let script = clinic_site(&site_yaml(
        "",
        "team:\n  - id: dana\n    name: Dana\n    photo: \"javascript:x\"\n",
    ));
    assert_eq!(
        script.error_lines(),
        [format!(
            "{}:8:12: error: team photo `javascript:x`: only http(s) URLs and files of the site can be photos",
            script.shown("site.yaml")
        )]
    );
}

#[test]
fn a_team_page_whose_template_shows_no_team_is_an_error_naming_the_template_to_use() {
    let site = clinic_site(&site_yaml("", TEAM)).page(
        "about.md",
        "title: About\ntemplate: \"page.html\"\ndescription: \"Who we are and how we work with every client who visits the clinic.\"",
        "We listen first.\n",
    );
    assert_eq!(
        site.errors(),
        [format!(
            "{}:3:11: error: this is the team page (`team_page` in site.yaml), but its template `page.html` does not \
             show the team, so bylines would link to people it does not list\n  \
             help: give the page `template: \"about.html\"` (the theme's page with the team), or show `site.team` in \
             its template ({{% include \"partials/team.html\" %}})",
            site.shown("content/about.md")
        )]
    );
    // A template of the site's own theme that includes the team partial shows the team.
    let own = clinic_site(&site_yaml("", "theme: own\n"));
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic");
    crate::support::copy_dir(&theme, &own.root().join("themes/own"));
    let own = own
        .file("site.yaml", &site_yaml("", &format!("theme: own\n{TEAM}")))
        .file(
            "themes/own/templates/people.html",
            "{% extends \"page.html\" %}{% block after_content %}{% include \"partials/team.html\" %}{% endblock %}",
        )
        .page(
            "about.md",
            "title: About\ntemplate: \"people.html\"\ndescription: \"Who we are and how we work with every client who visits the clinic.\"",
            "We listen first.\n",
        );
    own.build_ok();
    assert_eq!(
        attrs(&own.html("about/index.html"), ".team .person", "id"),
        ["team-dana-smith", "team-lee-park"]
    );
}

#[test]
fn facts_and_people_are_escaped_in_html() {
    let site = clinic_site(&site_yaml(
        "  email: \"desk&co<b>x</b>@clinic.example\"\n",
        "footer_note: \"Not advice <script>alert(1)</script> & more\"\n\
         team:\n  - id: dana\n    name: \"Dana <i>Smith</i> & co\"\n    bio: \"<img src=x onerror=alert(1)> bio\"\n",
    ));
    site.build_ok();
    let contact = site.html("contact/index.html");
    assert_eq!(
        texts(&contact, "footer .disclaimer"),
        ["Not advice <script>alert(1)</script> & more"]
    );
    assert_eq!(
        texts(&contact, ".clinic-facts dd a")[0],
        "desk&co<b>x</b>@clinic.example"
    );
    assert!(
        contact
            .select(&sel("main script, footer script, dd b"))
            .next()
            .is_none()
    );
    let about = site.html("about/index.html");
    assert_eq!(texts(&about, ".team .person h3"), ["Dana <i>Smith</i> & co"]);
    assert_eq!(texts(&about, ".team .person p"), ["<img src=x onerror=alert(1)> bio"]);
    assert!(about.select(&sel(".team i, .team img")).next().is_none());
}

#[test]
fn the_business_names_its_map() {
    let site = clinic_site(&site_yaml(
        "  address:\n    street: \"1 Test Street\"\n    locality: \"Towson\"\n",
        "",
    ));
    site.build_ok();
    assert_eq!(
        business(&json_ld(&site, "index.html"))["hasMap"],
        "https://www.google.com/maps/search/?api=1&query=1%20Test%20Street%2C%20Towson"
    );
    let none = clinic_site(&site_yaml("", ""));
    none.build_ok();
    assert!(business(&json_ld(&none, "index.html")).get("hasMap").is_none());
}
