//! Embeds every file in `decks/` so bundled decks work from any directory
//! after `cargo install`, and notes the git commit the binary is built from
//! (for `quiz --version`) when it is built from a git checkout.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let decks_dir = Path::new(&manifest_dir).join("decks");
    println!("cargo:rerun-if-changed=decks");

    let mut names: Vec<String> = fs::read_dir(&decks_dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.path().is_file())
                .filter_map(|entry| entry.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();

    let mut code = String::from(
        "/// Every file of `decks/`, as (file name, contents).\npub static BUNDLED_FILES: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        let path = decks_dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    code.push_str("];\n");

    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(&manifest_dir)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|commit| commit.trim().to_string())
        .filter(|commit| !commit.is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=QUIZ_GIT_COMMIT={commit}");
    // A path that does not exist would rebuild every time: watch only what is there.
    for watched in [".git/HEAD", ".git/refs/heads"] {
        if Path::new(&manifest_dir).join(watched).exists() {
            println!("cargo:rerun-if-changed={watched}");
        }
    }

    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("bundled.rs"), code).expect("OUT_DIR is writable");
}
