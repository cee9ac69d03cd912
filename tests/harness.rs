#![allow(clippy::unwrap_used, clippy::expect_used)]
//! [`common::Test`] itself: what a test does not say is expected empty, so
//! a run that differs in any stream, or in its exit status, fails.

mod common;

use common::Test;

#[test]
fn a_run_as_expected_passes() {
    let out = Test::new(["frobnicate"])
        .status(2)
        .stderr_starts_with("lỗi: ")
        .run();
    assert_eq!(out.code, 2);
    assert!(out.bytes.is_empty());
}

#[test]
#[should_panic(expected = "standard error should be empty, but is:\nlỗi: ")]
fn standard_error_not_expected_fails() {
    Test::new(["frobnicate"]).status(2).run();
}

#[test]
#[should_panic(expected = "exit status 2 (0 expected)")]
fn another_exit_status_fails() {
    Test::new(["frobnicate"]).stderr_any().run();
}

#[test]
#[should_panic(expected = "standard output should be empty, but is:\nTurn a communication plan")]
fn standard_output_not_expected_fails() {
    Test::new(["--help", "--lang", "en"]).run();
}

#[test]
#[should_panic(expected = "does not contain \"Turn a communication plan\"")]
fn a_condition_not_met_fails() {
    Test::new(["--help", "--lang", "en"])
        .stdout_lacks("Turn a communication plan")
        .run();
}

#[test]
#[should_panic(expected = "standard output differs from tests/golden/expand-2023.txt")]
fn a_golden_file_not_matched_fails() {
    Test::new(["expand", "--format", "json"])
        .stdout_golden("tests/golden/expand-2023.txt")
        .run();
}

/// castcal reads no standard input: a plan given on it, as /dev/stdin, is
/// a pipe, refused at once rather than waited on.
#[test]
fn a_plan_on_standard_input_is_refused() {
    Test::new(["expand", "/dev/stdin", "--lang", "en"])
        .stdin(std::fs::read("schedules/kien-giang-cchc-2023.yaml").unwrap())
        .status(2)
        .stderr(
            "error: /dev/stdin: cannot read the schedule file: it is a named pipe, not a regular file\n",
        )
        .run();
}
