//! Rebuilds the binary when the bundled theme changes (it is embedded with `include_dir!`).
fn main() {
    println!("cargo:rerun-if-changed=themes/clinic");
}
