//! The command line in its reader's language.
//!
//! The language is chosen before anything is parsed: `--lang`, else
//! `CASTCAL_LANG`, else Vietnamese ([`chosen`]). The command is then built
//! with its texts from [`crate::words::cli`] in that language (the about,
//! the arguments' help, the headings, `-h` and `-V`), each `--lang`
//! defaulting to it; and clap's usage errors, which clap says in English
//! only, are said anew from their kind and context ([`refused`]).

use std::ffi::{OsStr, OsString};
use std::io::Write as _;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, Command, CommandFactory, FromArgMatches};

use super::Cli;
use crate::error::EXIT_BAD_INPUT;
use crate::words::cli::{self as words, Helps, Usage, Words};
use crate::words::Lang;

/// The language of a run: the first `--lang vi|en` (or `--lang=…`) before
/// a `--`, else `CASTCAL_LANG` (unset or empty: Vietnamese).
///
/// # Errors
/// The message, in Vietnamese, when `CASTCAL_LANG` names no language
/// castcal speaks and no `--lang` says otherwise.
pub(super) fn chosen(args: &[OsString], env: Option<&OsStr>) -> Result<Lang, String> {
    if let Some(lang) = from_args(args) {
        return Ok(lang);
    }
    match env {
        None => Ok(Lang::Vi),
        Some(v) if v.is_empty() => Ok(Lang::Vi),
        Some(v) => v
            .to_str()
            .and_then(code)
            .ok_or_else(|| words::bad_env_lang(&v.to_string_lossy())),
    }
}

/// A language by its code.
fn code(text: &str) -> Option<Lang> {
    match text {
        "vi" => Some(Lang::Vi),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The code of a language, as `--lang` takes it.
fn code_of(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}

/// The first `--lang` of the command line that names a language.
fn from_args(args: &[OsString]) -> Option<Lang> {
    let mut words = args.iter().skip(1).map(|a| a.to_str());
    while let Some(word) = words.next() {
        let lang = match word {
            Some("--") => return None,
            Some("--lang") => words.next().flatten().and_then(code),
            Some(w) => w.strip_prefix("--lang=").and_then(code),
            None => None,
        };
        if lang.is_some() {
            return lang;
        }
    }
    None
}

/// castcal's command, its texts in `lang`, every `--lang` defaulting to it.
pub(super) fn command(lang: Lang) -> Command {
    let usage = Usage::of(lang);
    let mut cmd = translate(Cli::command(), "castcal", lang)
        .subcommand_help_heading(usage.commands)
        .subcommand_value_name(usage.command_slot.trim_matches(['<', '>']))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(usage.version)
                .help_heading(usage.options),
        );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| translate(sub, &name, lang));
    }
    cmd.build();
    cmd.mut_subcommand("help", |help| {
        let help = help
            .about(usage.help_command)
            .help_template(template(usage));
        let ids: Vec<String> = help
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        ids.iter().fold(help, |help, id| {
            help.mut_arg(id, |a| {
                a.help(usage.help_command_arg).help_heading(usage.arguments)
            })
        })
    })
}

/// The help template: clap's own, its heading in `usage`'s language.
fn template(usage: &Usage) -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        usage.usage
    )
}

/// One command with its texts from the table of `lang`.
fn translate(cmd: Command, name: &str, lang: Lang) -> Command {
    let helps = Helps::of(lang);
    let usage = Usage::of(lang);
    let mut cmd = cmd;
    if let Some(help) = helps.command(name) {
        let long = (!help.long_about.is_empty()).then_some(help.long_about);
        cmd = cmd
            .about(help.about)
            .long_about(long)
            .after_help(help.after_help);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = helps.arg(name, &id);
        cmd = cmd.mut_arg(&id, |arg| {
            let heading = match arg.is_positional() {
                true => usage.arguments,
                false => usage.options,
            };
            let arg = match text {
                Some(text) => arg.help(text),
                None => arg,
            };
            let arg = match id.as_str() {
                "lang" => arg.default_value(code_of(lang)),
                _ => arg,
            };
            arg.help_heading(heading)
        });
    }
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(usage.options);
    // Short and long help differ wherever an argument lists its values
    // with their help (`--lang`), so `-h` always says there is more.
    let help = help.help(usage.help_short).long_help(usage.help_long);
    cmd.disable_help_flag(true)
        .arg(help)
        .help_template(template(usage))
}

/// The command line parsed with the command of `lang`, and the language
/// the command says (its `--lang`).
///
/// # Errors
/// The exit code once clap's message (help, version, or a usage error)
/// is said: 0 for help and version, 2 for a usage error.
pub(super) fn parse(args: &[OsString], lang: Lang) -> Result<(Cli, Lang), ExitCode> {
    let cmd = command(lang);
    let said = |e: clap::Error| refused(&e, lang, &named(&cmd, args));
    let matches = cmd.clone().try_get_matches_from(args).map_err(said)?;
    let cli = Cli::from_arg_matches(&matches).map_err(said)?;
    Ok((cli, lang_of(&matches).unwrap_or(lang)))
}

/// The command named on the command line (`castcal check`), for "see
/// more": the first word that names one of castcal's commands.
fn named(cmd: &Command, args: &[OsString]) -> String {
    let name = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| cmd.find_subcommand(a).is_some() && *a != "help");
    match name {
        Some(name) => format!("castcal {name}"),
        None => "castcal".to_string(),
    }
}

/// The `--lang` of the command run.
fn lang_of(matches: &ArgMatches) -> Option<Lang> {
    let (_, sub) = matches.subcommand()?;
    sub.try_get_one::<Lang>("lang").ok().flatten().copied()
}

/// Says what clap stopped at, in `lang`, and gives the exit code.
fn refused(e: &clap::Error, lang: Lang, command: &str) -> ExitCode {
    let usage = Usage::of(lang);
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = in_words(&e.render().to_string(), usage);
            // A closed standard output (`castcal --help | head`) is no error.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", in_words(&e.render().to_string(), usage));
            ExitCode::from(EXIT_BAD_INPUT)
        }
        _ => {
            eprint!("{}", message(e, lang, command));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// clap's fixed words in a rendered help or usage, in `usage`'s language.
fn in_words(text: &str, usage: &Usage) -> String {
    let en = Usage::of(Lang::En);
    text.replace(en.options_slot, usage.options_slot)
        .replace(en.command_slot, usage.command_slot)
        .replace("[default: ", &format!("[{}: ", usage.default))
        .replace("[possible values: ", &format!("[{}: ", usage.possible))
        .replace(en.possible_long, usage.possible_long)
}

/// A usage error said in `lang`: what is wrong, a suggestion, the usage
/// line and where to read more, as clap lays them out.
fn message(e: &clap::Error, lang: Lang, command: &str) -> String {
    use std::fmt::Write as _;
    let usage = Usage::of(lang);
    let one = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let many = |kind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = one(ContextKind::InvalidArg).unwrap_or_default();
    let mut tips = Vec::new();
    let what = match e.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(s) = one(ContextKind::SuggestedArg) {
                tips.push(words::similar_argument(&s));
            }
            if let Some(s) = one(ContextKind::SuggestedSubcommand) {
                tips.push(words::similar_command(&s));
            }
            words::unknown_argument(&arg).get(lang).to_string()
        }
        ErrorKind::InvalidSubcommand => {
            let name = one(ContextKind::InvalidSubcommand).unwrap_or_default();
            if let Some(s) = one(ContextKind::SuggestedSubcommand) {
                tips.push(words::similar_command(&s));
            }
            words::unknown_command(&name).get(lang).to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = one(ContextKind::InvalidValue).unwrap_or_default();
            if value.is_empty() && e.kind() == ErrorKind::InvalidValue {
                words::missing_value(&arg).get(lang).to_string()
            } else {
                let mut text = words::invalid_value(&value, &arg).get(lang).to_string();
                if let Some(why) = std::error::Error::source(e) {
                    let _ = write!(text, ": {why}");
                }
                let valid = many(ContextKind::ValidValue);
                if !valid.is_empty() {
                    let _ = write!(text, "\n  [{}: {}]", usage.possible, valid.join(", "));
                }
                if let Some(s) = one(ContextKind::SuggestedValue) {
                    tips.push(words::similar_argument(&s));
                }
                text
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let mut text = words::missing_required().get(lang).to_string();
            for a in many(ContextKind::InvalidArg) {
                let _ = write!(text, "\n  {a}");
            }
            text
        }
        ErrorKind::ArgumentConflict => {
            let prior = one(ContextKind::PriorArg).unwrap_or_default();
            if prior == arg {
                words::given_twice(&arg).get(lang).to_string()
            } else {
                words::conflict(&arg, &prior).get(lang).to_string()
            }
        }
        kind => format!("{}: {kind}", usage.invalid),
    };
    let mut text = format!("{}: {what}\n", Words::of(lang).error);
    for tip in tips {
        let _ = write!(text, "\n  {}: {}\n", usage.tip, tip.get(lang));
    }
    if let Some(line) = one(ContextKind::Usage) {
        let line = line.trim();
        let line = line.strip_prefix(Usage::of(Lang::En).usage).unwrap_or(line);
        let _ = write!(text, "\n{} {}\n", usage.usage, in_words(line.trim(), usage));
    }
    let _ = writeln!(text, "\n{}", words::more(command).get(lang));
    text
}

/// A manual page clap_mangen wrote, its section headings (`.SH NAME`) and
/// its bracketed words (`[default: vi]`) in `lang`, every letter outside
/// ASCII written as a roff escape (`ệ` as `\[u1EC7]`): groff and mandoc
/// read it whatever encoding they expect.
pub(super) fn man_page(page: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(page.len());
    for c in man_headings(page, lang).chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// See [`man_page`].
fn man_headings(page: &str, lang: Lang) -> String {
    let usage = Usage::of(lang);
    let mut out = String::with_capacity(page.len());
    for line in page.split_inclusive('\n') {
        let heading = line.strip_prefix(".SH ").map(str::trim_end);
        let said = heading.and_then(|h| {
            usage
                .man_sections
                .iter()
                .zip(Usage::EN.man_sections)
                .find(|(_, en)| *en == h)
                .map(|(said, _)| *said)
        });
        // The commands' heading is castcal's own (`Lệnh`): in capitals as the others.
        let own = heading
            .filter(|h| h.trim_matches('"') == usage.commands)
            .map(|_| usage.commands.to_uppercase());
        match (said, own) {
            (Some(said), _) => {
                out.push_str(".SH ");
                out.push_str(said);
                out.push('\n');
            }
            (None, Some(own)) => {
                out.push_str(".SH ");
                out.push_str(&own);
                out.push('\n');
            }
            (None, None) => out.push_str(line),
        }
    }
    if lang == Lang::En {
        return out;
    }
    let en = Usage::EN;
    out.replace(
        &format!("[{}: ", en.default),
        &format!("[{}: ", usage.default),
    )
    .replace(
        &format!("[{}: ", en.possible),
        &format!("[{}: ", usage.possible),
    )
    .replace(
        &format!("\\fI{}\\fR", en.possible_long),
        &format!("\\fI{}\\fR", usage.possible_long),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_the_flag_then_the_environment_then_vietnamese() {
        let args = |words: &[&str]| -> Vec<OsString> {
            std::iter::once("castcal")
                .chain(words.iter().copied())
                .map(OsString::from)
                .collect()
        };
        let en = Some(OsStr::new("en"));
        type Case<'a> = (&'a [&'a str], Option<&'a OsStr>, Result<Lang, ()>);
        let cases: [Case; 10] = [
            (&["check"], None, Ok(Lang::Vi)),
            (&["check"], Some(OsStr::new("")), Ok(Lang::Vi)),
            (&["check"], en, Ok(Lang::En)),
            (&["check", "--lang", "en"], None, Ok(Lang::En)),
            (&["check", "--lang=en"], None, Ok(Lang::En)),
            (&["check", "--lang", "vi"], en, Ok(Lang::Vi)),
            (&["check", "--lang", "fr"], en, Ok(Lang::En)),
            (&["check", "--", "--lang", "en"], None, Ok(Lang::Vi)),
            (&["check"], Some(OsStr::new("EN")), Err(())),
            (
                &["check", "--lang", "en"],
                Some(OsStr::new("fr")),
                Ok(Lang::En),
            ),
        ];
        for (words, env, want) in cases {
            assert_eq!(
                chosen(&args(words), env).map_err(|_| ()),
                want,
                "{words:?} {env:?}"
            );
        }
    }

    /// The English table is the derive's English: the man page and the
    /// completions, made from the derive, say what `--help` says.
    #[test]
    fn the_english_table_is_the_commands_own_english() {
        let own = Cli::command();
        let helps = Helps::of(Lang::En);
        let commands = std::iter::once(&own).chain(own.get_subcommands());
        let mut seen = 0;
        for cmd in commands {
            let name = cmd.get_name();
            let help = helps
                .command(name)
                .unwrap_or_else(|| panic!("{name}: no help in the table"));
            let text =
                |s: Option<&clap::builder::StyledStr>| s.map(|s| s.to_string()).unwrap_or_default();
            assert_eq!(help.about, text(cmd.get_about()), "{name}");
            assert_eq!(help.long_about, text(cmd.get_long_about()), "{name}");
            assert_eq!(help.after_help, text(cmd.get_after_help()), "{name}");
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                let table = helps.arg(name, id);
                assert_eq!(
                    table,
                    arg.get_help().map(|s| s.to_string()).as_deref(),
                    "{name} {id}"
                );
                assert!(
                    Helps::of(Lang::Vi).arg(name, id).is_some(),
                    "{name} {id}: no Vietnamese"
                );
            }
            seen += 1;
        }
        assert_eq!(seen, helps.all().len());
    }
}
