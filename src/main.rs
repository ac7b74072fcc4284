use clap::Parser;

fn main() -> std::process::ExitCode {
    ismo::cli::run(ismo::cli::Cli::parse())
}
