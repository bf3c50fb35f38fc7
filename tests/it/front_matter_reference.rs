//! docs/writing.md's front matter reference stays true to the code: its tables list exactly the
//! keys pages and sections accept, in the order the code has them, and every example parses.

use knead::diagnostics::Diagnostic;
use knead::load::front_matter::{parse_page, parse_section};
use knead::yaml::YamlSource;

fn writing() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/writing.md")).unwrap()
}

/// The rows of the table under `heading`: the key and the example, each without backticks.
fn table(docs: &str, heading: &str) -> Vec<(String, String)> {
    let start = docs
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no {heading}"));
    docs[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| key "))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cells: Vec<&str> = row.split(" | ").collect();
            let unquote = |cell: &str| cell.trim_matches(['|', ' ', '`']).to_string();
            (unquote(cells[0]), unquote(cells[2]))
        })
        .collect()
}

/// Parses a front matter text, for pages or for sections.
type Parser<'a> = &'a dyn Fn(&str) -> Result<(), Diagnostic>;

fn source(text: &str) -> YamlSource<'_> {
    YamlSource {
        file: "content/x.md",
        text,
        line_offset: 1,
    }
}

/// The keys the code accepts, as the error about an unknown key lists them.
fn accepted(result: Result<(), Diagnostic>) -> Vec<String> {
    let message = result.unwrap_err().message;
    let (_, expected) = message.split_once("expected one of ").unwrap();
    expected.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_reference_lists_every_key_pages_and_sections_accept() {
    let docs = writing();
    let unknown = "title: x\nno_such_key: 1\n";
    for (heading, code) in [
        ("### Page keys", accepted(parse_page(source(unknown)).map(|_| ()))),
        ("### Section keys", accepted(parse_section(source(unknown)).map(|_| ()))),
    ] {
        let documented: Vec<String> = table(&docs, heading).into_iter().map(|(key, _)| key).collect();
        assert_eq!(documented, code, "{heading}");
    }
}

#[test]
fn every_example_of_the_reference_parses() {
    let docs = writing();
    let page = |text: &str| parse_page(source(text)).map(|_| ());
    let section = |text: &str| parse_section(source(text)).map(|_| ());
    let parsers: [(&str, Parser<'_>); 2] = [("### Page keys", &page), ("### Section keys", &section)];
    for (heading, parse) in parsers {
        for (key, example) in table(&docs, heading) {
            assert!(example.starts_with(&format!("{key}: ")), "{heading}: {example}");
            let text = if key == "title" {
                format!("{example}\n")
            } else {
                format!("title: x\n{example}\n")
            };
            if let Err(error) = parse(&text) {
                panic!("{heading}: `{example}` does not parse: {error}");
            }
        }
    }
    let block = docs
        .split("```markdown\n---\n")
        .nth(1)
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(yaml, _)| yaml)
        .unwrap();
    parse_page(source(block)).unwrap();
}
