//! Rebuilds the binary when the bundled theme changes (it is embedded with `include_dir!`) and
//! tells the compiler which commit is being built (`KNEAD_SOURCE_COMMIT`, shown by
//! `knead --version`; see build/source_commit.rs).
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
}
