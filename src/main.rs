fn main() -> std::process::ExitCode {
    quiz::main()
}
