//! Rebuilds the binary when the bundled theme changes (it is embedded with `include_dir!`), tells
//! the compiler which commit is being built (`KNEAD_SOURCE_COMMIT`, shown by `knead --version`;
//! see build/source_commit.rs), and links the `knead` binary as a fixed-address executable on
//! Linux.
//!
//! Why not position-independent: the HTML and CSS minifiers (minify-html with oxc, lightningcss)
//! bring 10 MB of static tables full of pointers. In a position-independent executable the loader
//! fixes up every one of those pointers at start-up, which copies all 10 MB into private memory
//! on every run, minifying or not (`knead --help`: 14 MiB peak RSS; a 10,000-page build: 202 MiB).
//! Linked at a fixed address the tables are resolved at link time and stay on disk until read
//! (3.3 MiB and 191 MiB). The cost is that the binary's own code is not address-randomised;
//! shared libraries, heap and stack still are. knead reads local files a user chose to build, so
//! that trade is worth a tenth less memory. Tests and other targets keep the default.
#[path = "build/source_commit.rs"]
mod source_commit;

fn main() {
    println!("cargo:rerun-if-changed=themes/clinic");
    let crate_dir = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let source = source_commit::describe(&crate_dir);
    println!("cargo:rustc-env=KNEAD_SOURCE_COMMIT={}", source.description);
    for path in &source.watch {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu_like = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    if linux && gnu_like {
        println!("cargo:rustc-link-arg-bin=knead=-no-pie");
    }
}
