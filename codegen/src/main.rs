//! `zoho-share-codegen`: generate a client from a spec, check that a generated file is
//! up to date, or validate a spec.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use zoho_share_codegen::{Settings, generate, validate, write};

const USAGE: &str = "\
zoho-share-codegen: a typed Rust client from a Share Records API spec

USAGE:
    zoho-share-codegen generate <SPEC> [--out <FILE>] [--runtime-path <PATH>] [--no-client | --client-feature <NAME>]
        Generate the client; write it to FILE (only if it changed), or to stdout.
    zoho-share-codegen check <SPEC> <FILE> [--runtime-path <PATH>] [--client-feature <NAME>]
        Exit 1, saying what differs, if FILE is not what SPEC generates.
    zoho-share-codegen validate <SPEC>...
        Report every problem in each spec; exit 1 if any has errors.

OPTIONS:
    -o, --out <FILE>          Where `generate` writes.
    --runtime-path <PATH>     The path generated code uses to reach the runtime
                              (default: ::zoho_crm_runtime).
    --no-client               Leave out the async client (for a runtime built
                              without its `client` feature).
    --client-feature <NAME>   Keep the async client, each item under
                              #[cfg(feature = \"NAME\")] (for shipped code).
    -h, --help                Print this help.
    -V, --version             Print the version.

EXIT STATUS: 0 success, 1 invalid spec or stale file, 2 usage or file error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The parsed command line.
struct Command {
    name: String,
    positional: Vec<String>,
    out: Option<String>,
    settings: Settings,
}

fn parse(args: &[String]) -> Result<Option<Command>, String> {
    let mut iter = args.iter();
    let mut command = Command { name: String::new(), positional: Vec::new(), out: None, settings: Settings::default() };
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "-h" | "--help" | "help" => return Ok(None),
            "-V" | "--version" => {
                println!("zoho-share-codegen {}", env!("CARGO_PKG_VERSION"));
                return Err(String::new());
            }
            "-o" | "--out" => command.out = Some(iter.next().ok_or("`--out` needs a file")?.clone()),
            "--no-client" => command.settings = command.settings.with_client(false),
            "--client-feature" => {
                let feature = iter.next().ok_or("`--client-feature` needs a feature name")?;
                command.settings = command.settings.with_client_feature(feature.clone());
            }
            "--runtime-path" => {
                command.settings =
                    command.settings.with_runtime_path(iter.next().ok_or("`--runtime-path` needs a path")?.clone())
            }
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(format!("unknown option `{flag}` (see --help)"));
            }
            _ if command.name.is_empty() => command.name = arg.clone(),
            _ => command.positional.push(arg.clone()),
        }
    }
    if command.name.is_empty() {
        return Ok(None);
    }
    Ok(Some(command))
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let command = match parse(args) {
        Ok(Some(command)) => command,
        Ok(None) => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Err(message) if message.is_empty() => return Ok(ExitCode::SUCCESS),
        Err(message) => return Err(message),
    };
    match (command.name.as_str(), command.positional.as_slice()) {
        ("generate", [spec]) => generate_command(spec, command.out.as_deref(), &command.settings),
        ("check", [spec, file]) => check_command(spec, file, &command.settings),
        ("validate", specs) if !specs.is_empty() => Ok(validate_command(specs)?),
        (name, _) => Err(format!("wrong use of `{name}` (see --help)")),
    }
}

fn read_spec(path: &str) -> Result<(String, String), String> {
    let bytes = fs::read(path).map_err(|err| format!("{path}: {err}"))?;
    let text = zoho_share_codegen::read::text_of(&bytes, path, &zoho_share_codegen::Limits::default())
        .map_err(|problems| problems.to_string().trim_start_matches("error: ").trim_end().to_owned())?;
    Ok((text.to_owned(), path.to_owned()))
}

fn generate_code(spec: &str, settings: &Settings) -> Result<Result<String, ExitCode>, String> {
    let (text, name) = read_spec(spec)?;
    let file_name = Path::new(&name).file_name().map_or(name.clone(), |file| file.to_string_lossy().into_owned());
    match generate(&text, &file_name, settings) {
        Ok(generated) => {
            eprint!("{}", with_path(&generated.warnings.to_string(), &file_name, &name));
            Ok(Ok(generated.code))
        }
        Err(err) => {
            eprint!("{}", with_path(&err.to_string(), &file_name, &name));
            Ok(Err(ExitCode::from(1)))
        }
    }
}

/// Messages name the spec by its file name; the command line gave a path.
fn with_path(text: &str, file_name: &str, path: &str) -> String {
    text.replace(&format!("--> {file_name}"), &format!("--> {path}"))
        .replace(&format!("\n{file_name}: "), &format!("\n{path}: "))
}

fn generate_command(spec: &str, out: Option<&str>, settings: &Settings) -> Result<ExitCode, String> {
    let code = match generate_code(spec, settings)? {
        Ok(code) => code,
        Err(exit) => return Ok(exit),
    };
    match out {
        Some(out) => {
            let wrote = write::write_if_changed(Path::new(out), &code).map_err(|err| format!("{out}: {err}"))?;
            eprintln!("{} {out} ({} lines)", if wrote { "wrote" } else { "unchanged:" }, code.lines().count());
        }
        None => print!("{code}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn check_command(spec: &str, file: &str, settings: &Settings) -> Result<ExitCode, String> {
    let code = match generate_code(spec, settings)? {
        Ok(code) => code,
        Err(exit) => return Ok(exit),
    };
    let current = fs::read_to_string(file).ok();
    match write::describe_difference(current.as_deref(), &code) {
        None => {
            eprintln!("{file} is up to date with {spec}");
            Ok(ExitCode::SUCCESS)
        }
        Some(difference) => {
            eprintln!("{file} is stale: {difference}\nregenerate it: zoho-share-codegen generate {spec} --out {file}");
            Ok(ExitCode::from(1))
        }
    }
}

fn validate_command(specs: &[String]) -> Result<ExitCode, String> {
    let mut failed = false;
    for spec in specs {
        let (text, name) = read_spec(spec)?;
        let file_name = Path::new(&name).file_name().map_or(name.clone(), |file| file.to_string_lossy().into_owned());
        let diagnostics = validate(&text, &file_name);
        eprint!("{}", with_path(&diagnostics.to_string(), &file_name, &name));
        if diagnostics.has_errors() {
            failed = true;
        } else {
            eprintln!("{name}: valid");
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
