//! The `diff` and `import-oas` commands: arguments, file and git IO, and exit statuses
//! around the library's [`diff`] and [`oas`] modules.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Args;
use zoho_crm_codegen::{diff, oas, validate, write};

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD and NEW specs (YAML); with `--base`, only NEW (OLD is NEW's path at REV).
    #[arg(required = true, num_args = 1..=2, value_name = "SPEC")]
    specs: Vec<PathBuf>,
    /// Read OLD from git: `git show REV:NEW`.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// Arguments of `import-oas`.
#[derive(Debug, Args)]
pub struct ImportOasArgs {
    /// Zoho's OpenAPI file (JSON).
    file: PathBuf,
    /// Where the files that external `$ref`s name are (default: FILE's directory).
    #[arg(long, value_name = "DIR")]
    ref_dir: Option<PathBuf>,
    /// Where to write the spec (default: stdout).
    #[arg(long, short, value_name = "SPEC")]
    out: Option<PathBuf>,
}

/// Exit status 1: `diff` found a breaking change, or the imported spec is invalid.
const FOUND_PROBLEMS: u8 = 1;

fn read_text(path: &Path) -> Result<String, String> {
    // A spec to compare: bounded like every spec the generator reads.
    zoho_crm_codegen::read::read_text_bounded(path, zoho_crm_codegen::Limits::default().max_bytes)
        .map_err(|err| format!("{}: {err}", path.display()))
}

/// Writes to stdout; a reader that stopped reading (a closed pipe) is not an error.
fn print_out(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("stdout: {err}")),
        _ => Ok(()),
    }
}

/// `git show REV:./NAME`, run in the file's directory.
fn git_show(rev: &str, path: &Path) -> Result<String, String> {
    let name = path.file_name().ok_or_else(|| format!("{}: not a file", path.display()))?;
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let object = format!("{rev}:./{}", name.to_string_lossy());
    let output =
        Command::new("git").arg("-C").arg(dir).args(["show", &object]).output().map_err(|err| format!("git: {err}"))?;
    if !output.status.success() {
        return Err(format!("git show {object}: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("git show {object}: not UTF-8"))
}

/// `diff`: 0 when nothing breaks, 1 when something does, 2 on usage, file or spec errors.
pub fn diff(args: &DiffArgs) -> Result<ExitCode, String> {
    let (old_name, old, new_path) = match (&args.base, args.specs.as_slice()) {
        (Some(rev), [new]) => (format!("{}@{rev}", new.display()), git_show(rev, new)?, new),
        (None, [old, new]) => (old.display().to_string(), read_text(old)?, new),
        (Some(_), _) => return Err("with --base, give only the NEW spec".to_owned()),
        (None, _) => return Err("give the OLD and NEW specs (or --base REV and NEW)".to_owned()),
    };
    let new = read_text(new_path)?;
    let report =
        diff::diff_texts(&old, &old_name, &new, &new_path.display().to_string()).map_err(|err| err.to_string())?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|err| err.to_string())?;
        print_out(&format!("{json}\n"))?;
    } else {
        print_out(&report.to_string())?;
    }
    Ok(if report.breaking { ExitCode::from(FOUND_PROBLEMS) } else { ExitCode::SUCCESS })
}

/// `import-oas`: 0 when the spec made validates, 1 when not, 2 on file or OAS errors.
pub fn import_oas(args: &ImportOasArgs) -> Result<ExitCode, String> {
    let imported = oas::import_file(&args.file, args.ref_dir.as_deref()).map_err(|err| err.to_string())?;
    for warning in &imported.warnings {
        eprintln!("warning: {warning}");
    }
    let name = args
        .out
        .as_ref()
        .and_then(|out| out.file_name())
        .map_or_else(|| "imported.yaml".to_owned(), |name| name.to_string_lossy().into_owned());
    let diagnostics = validate(&imported.spec, &name);
    eprint!("{diagnostics}");
    match &args.out {
        Some(out) => {
            crate::existing_folder_of(out).map_err(|crate::Failure(message)| message)?;
            write::write_if_changed(out, &imported.spec).map_err(|err| format!("{}: {err}", out.display()))?;
            eprintln!("wrote {} ({} warning(s))", out.display(), imported.warnings.len());
        }
        None => print_out(&imported.spec)?,
    }
    Ok(if diagnostics.has_errors() { ExitCode::from(FOUND_PROBLEMS) } else { ExitCode::SUCCESS })
}
