//! The command line's habits: shell completions, the manual page, the
//! version with its commit, and the hint where there is nothing to read.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::run;

/// bash itself loads the completion script, and completes a command, an
/// option and an option's values from it.
#[test]
fn bash_completes_commands_options_and_values() {
    let script = run(&["completions", "bash"]);
    assert_eq!((script.code, script.stderr.as_str()), (0, ""));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("castcal.bash");
    std::fs::write(&file, &script.stdout).unwrap();
    // What bash offers for `castcal <words>`, one word a line.
    let complete = |words: &str| {
        let line = format!("castcal {words}");
        let program = format!(
            "source {}\n\
             COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\n\
             read -ra COMP_WORDS <<< \"$COMP_LINE\"\n\
             [[ \"$COMP_LINE\" == *' ' ]] && COMP_WORDS+=('')\n\
             COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
             _castcal castcal \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.display()
        );
        let out = Command::new("bash")
            .arg("-c")
            .arg(program)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let commands = complete("");
    for command in ["build", "check", "completions", "man", "print", "xlsx"] {
        assert!(
            commands.lines().any(|l| l == command),
            "{command}: {commands}"
        );
    }
    assert!(complete("check --st").lines().any(|l| l == "--strict"));
    let langs = complete("print --lang ");
    assert_eq!(langs.lines().collect::<Vec<_>>(), ["en", "vi"], "{langs}");
}

/// Every shell's script is written, each in its shell's own form.
#[test]
fn every_shell_gets_its_script() {
    let cases = [
        ("bash", "complete -F _castcal"),
        ("zsh", "#compdef castcal"),
        ("fish", "complete -c castcal"),
        ("powershell", "Register-ArgumentCompleter"),
    ];
    for (shell, mark) in cases {
        let out = run(&["completions", shell]);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{shell}");
        assert!(out.stdout.contains(mark), "{shell}: no `{mark}`");
        assert!(out.stdout.contains("reconcile"), "{shell}: no command");
    }
    // The descriptions in the language asked for, Vietnamese by default.
    let zsh = run(&["completions", "zsh"]).stdout;
    assert!(
        zsh.contains("Kiểm tra các kế hoạch trước khi công bố"),
        "{zsh}"
    );
    let zsh = run(&["completions", "zsh", "--lang", "en"]).stdout;
    assert!(zsh.contains("Check the plans before publishing"), "{zsh}");
    let unknown = run(&["completions", "tcsh", "--lang", "en"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown
        .stderr
        .contains("[possible values: bash, elvish, fish, powershell, zsh]"));
}

/// groff reads the manual pages: castcal(1) names every command, a
/// command's page its options.
#[test]
fn the_manual_pages_read_in_groff() {
    let render = |args: &[&str]| {
        let page = run(args);
        assert_eq!((page.code, page.stderr.as_str()), (0, ""), "{args:?}");
        assert!(
            page.stdout.starts_with(".ie \\n(.g .ds Aq"),
            "{args:?}: not roff"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("page.1");
        std::fs::write(&file, &page.stdout).unwrap();
        let out = Command::new("groff")
            .args(["-man", "-Tutf8", "-P-cbou", "-ww", "-rHY=0", "-rLL=100n"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{args:?}: groff warns"
        );
        // grotty writes bold by overstriking; -P-cbou writes plain
        // text instead, neither escapes nor overstrikes. Words are
        // compared, not the spaces that justify the lines.
        let text = String::from_utf8(out.stdout).unwrap();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let castcal = render(&["man", "--lang", "en"]);
    assert!(
        castcal.contains("castcal - Turn a communication plan into a broadcast"),
        "{castcal}"
    );
    for command in [
        "castcal-build(1)",
        "castcal-completions(1)",
        "castcal-man(1)",
        "castcal-report(1)",
    ] {
        assert!(castcal.contains(command), "{command}: {castcal}");
    }
    assert!(castcal.contains(env!("CARGO_PKG_VERSION")));
    let build = render(&["man", "build", "--lang", "en"]);
    assert!(
        build.contains("castcal-build - Write every output into a folder"),
        "{build}"
    );
    assert!(build.contains("--base-url"), "{build}");
    // In Vietnamese by default: the texts, the headings, the brackets.
    let vi = render(&["man"]);
    for said in [
        "TÊN castcal - Biến kế hoạch truyền thông thành lịch phát sóng",
        "CÚ PHÁP",
        "LỆNH castcal-expand(1)",
    ] {
        assert!(vi.contains(said), "{said}: {vi}");
    }
    let build = render(&["man", "build"]);
    for said in [
        "TÙY CHỌN",
        "-o, --output <DIR> [mặc định: public]",
        "Các giá trị:",
    ] {
        assert!(build.contains(said), "{said}: {build}");
    }
    assert!(
        !build.contains("default") && !build.contains("OPTIONS"),
        "{build}"
    );
    let unknown = run(&["man", "publish", "--lang", "en"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown
        .stderr
        .starts_with("error: castcal has no command `publish`; the commands are: expand, build,"));
}

/// `--version` names the commit the binary was built from (the sources
/// here are a git checkout).
#[test]
fn the_version_names_its_commit() {
    let out = run(&["--version"]);
    assert_eq!(out.code, 0);
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(common::root())
        .output()
        .unwrap();
    let head = String::from_utf8(head.stdout).unwrap();
    assert_eq!(
        out.stdout,
        format!("castcal {} ({})\n", env!("CARGO_PKG_VERSION"), head.trim())
    );
}

/// Run where there is no `schedules/`, a command says how to start, in
/// its language; given a path that is missing, it says only that.
#[test]
fn without_schedules_a_hint_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let castcal = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_castcal"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stderr).unwrap(),
            out.stdout.len(),
        )
    };
    let vi = castcal(&["check"]);
    assert_eq!(
        vi,
        (
            Some(2),
            "lỗi: schedules: không có tệp hay thư mục này (os error 2)\n\
             gợi ý: ở đây không có thư mục schedules/. Hãy chỉ đường dẫn tới tệp hoặc thư mục \
             kế hoạch (castcal check ke-hoach.yaml), hoặc bắt đầu từ văn bản kế hoạch: \
             castcal import ke-hoach.docx -o schedules/ke-hoach.yaml\n"
                .to_string(),
            0
        )
    );
    let en = castcal(&["print", "--lang", "en"]);
    assert_eq!(en.0, Some(2));
    assert!(
        en.1.ends_with(
            "\nhint: there is no schedules/ folder here. Give the path of a schedule file or \
         folder (castcal check plan.yaml), or start from the plan's document: \
         castcal import plan.docx -o schedules/plan.yaml\n"
        ),
        "{}",
        en.1
    );
    for args in [&["build"][..], &["expand"], &["ics"], &["serve"]] {
        let (code, stderr, _) = castcal(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stderr.contains("\ngợi ý: "), "{args:?}: {stderr}");
    }
    let given = castcal(&["check", "plans"]);
    assert_eq!(
        given,
        (
            Some(2),
            "lỗi: plans: không có tệp hay thư mục này (os error 2)\n".to_string(),
            0
        )
    );
}
