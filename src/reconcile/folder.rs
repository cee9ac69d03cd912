//! The evidence kept beside the plans: a folder `evidence/` that plan
//! loading skips, as it skips `holidays/`.
//!
//! In it, a file named for a tv or radio outlet (`KG.xml`, `KG1.csv`,
//! `KG.txt`; the name compared without regard to case) is that channel's
//! as-run log, and every other `.csv` file is a file of confirmations.
//! Other files and folders in it are not read.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Evidence, Log};
use crate::error::Error;
use crate::expand::Expansion;
use crate::plan::{OutletKind, Plan};
use crate::words::Lang;

/// The name of the folder beside the plans that holds their evidence.
pub const EVIDENCE_FOLDER: &str = "evidence";

/// The evidence folder of the plans `paths` name: the first of a folder's
/// own `evidence/`, or of the one beside a file, that exists.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// std::fs::create_dir(dir.path().join("evidence"))?;
/// let paths = [dir.path().to_path_buf()];
/// assert_eq!(castcal::reconcile::evidence_folder(&paths), Some(dir.path().join("evidence")));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn evidence_folder(paths: &[PathBuf]) -> Option<PathBuf> {
    paths.iter().find_map(|p| {
        let folder = if p.is_dir() {
            p.join(EVIDENCE_FOLDER)
        } else {
            p.parent().unwrap_or(Path::new(".")).join(EVIDENCE_FOLDER)
        };
        folder.is_dir().then_some(folder)
    })
}

impl Evidence {
    /// Reads the evidence in `folder` (see the [module's
    /// documentation](self)) as [`Evidence::read`] reads the files it names.
    ///
    /// # Errors
    /// The folder cannot be listed; as [`Evidence::read`].
    pub fn read_folder(
        plans: &[Plan],
        expansion: &Expansion,
        folder: &Path,
        lang: Lang,
    ) -> Result<Evidence, Error> {
        let (logs, done) = files_in(plans, folder)?;
        Evidence::read(plans, expansion, &logs, &done, lang)
    }
}

/// The logs and files of confirmations in `folder`, sorted by name.
fn files_in(plans: &[Plan], folder: &Path) -> Result<(Vec<Log>, Vec<PathBuf>), Error> {
    let read = |source| Error::Read {
        path: folder.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = fs::read_dir(folder)
        .map_err(read)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read)?;
    paths.sort();
    let channels: Vec<&str> = plans
        .iter()
        .flat_map(|p| p.outlets.iter())
        .filter(|o| matches!(o.kind, OutletKind::Tv | OutletKind::Radio))
        .map(|o| o.id.as_str())
        .collect();
    let (mut logs, mut done) = (Vec::new(), Vec::new());
    for path in paths {
        if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let (Some(ext), Some(stem)) = (ext, stem) else {
            continue;
        };
        let outlet = channels
            .iter()
            .find(|c| c.eq_ignore_ascii_case(&stem))
            .filter(|_| matches!(ext.as_str(), "xml" | "csv" | "txt"));
        match (outlet, ext.as_str()) {
            (Some(outlet), _) if !logs.iter().any(|l: &Log| l.outlet == *outlet) => {
                logs.push(Log {
                    outlet: (*outlet).to_string(),
                    path,
                });
            }
            (None, "csv") => done.push(path),
            _ => {}
        }
    }
    Ok((logs, done))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_are_named_for_their_channel_and_other_csv_files_confirm() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let text = "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
outlets: { KG: { name: KG, kind: tv }, KG1: { name: KG1, kind: tv }, BKG: { name: Báo, kind: newspaper } }\n\
activities: []\n";
        let plans = match crate::plan::load_one("p.yaml".as_ref(), text.to_string()) {
            Ok(p) => [p],
            Err(e) => panic!("{e}"),
        };
        for name in [
            "kg.xml",
            "KG1.csv",
            "BKG.csv",
            "done-q1.csv",
            "notes.txt",
            "KG.csv",
        ] {
            assert!(fs::write(dir.path().join(name), "").is_ok());
        }
        assert!(fs::create_dir(dir.path().join("old.csv")).is_ok());
        let (logs, done) = match files_in(&plans, dir.path()) {
            Ok(found) => found,
            Err(e) => panic!("{e}"),
        };
        let logs: Vec<(String, PathBuf)> = logs.into_iter().map(|l| (l.outlet, l.path)).collect();
        assert_eq!(
            logs,
            [
                ("KG".to_string(), dir.path().join("KG.csv")),
                ("KG1".to_string(), dir.path().join("KG1.csv")),
            ]
        );
        assert_eq!(
            done,
            [dir.path().join("BKG.csv"), dir.path().join("done-q1.csv")]
        );
    }
}
