//! Which rule settings apply to each input: the nearest `gongkai.toml` above the file (standard
//! input: above the current directory), the one `--config` names, or none (`--no-config`).
//! Each settings file is read once and its problems said once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gongkai::config::{self, Config};

use super::inputs::Input;

pub struct Settings {
    /// `--config FILE` or `--no-config`: the same settings for every input.
    fixed: Option<Arc<Config>>,
    /// Folder → the settings found for it.
    by_dir: HashMap<PathBuf, Arc<Config>>,
    /// Settings file → what it holds.
    by_file: HashMap<PathBuf, Arc<Config>>,
    /// A settings file could not be read or parsed.
    pub failed: bool,
}

impl Settings {
    pub fn new(config: Option<&str>, no_config: bool) -> Settings {
        let mut s = Settings {
            fixed: None,
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
            failed: false,
        };
        s.fixed = match (config, no_config) {
            (Some(path), _) => Some(s.file(Path::new(path))),
            (None, true) => Some(Arc::default()),
            (None, false) => None,
        };
        s
    }

    pub fn for_input(&mut self, input: &Input) -> Arc<Config> {
        if let Some(c) = &self.fixed {
            return c.clone();
        }
        let dir = match input {
            Input::Stdin => std::env::current_dir().unwrap_or_default(),
            Input::File(p) => {
                let parent = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf())
            }
        };
        self.for_dir(&dir)
    }

    /// The settings of the nearest `gongkai.toml` up from `dir` (`config::nearest`), each folder
    /// looked at once for all the files below it: a deep tree costs its depth, not its square.
    fn for_dir(&mut self, dir: &Path) -> Arc<Config> {
        let mut unknown = Vec::new();
        let mut found = None;
        for d in dir.ancestors() {
            if let Some(c) = self.by_dir.get(d) {
                found = Some(c.clone());
                break;
            }
            unknown.push(d.to_path_buf());
            if let Some(file) = config::in_folder(d) {
                found = Some(self.file(&file));
                break;
            }
        }
        let found = found.unwrap_or_default();
        for d in unknown {
            self.by_dir.insert(d, found.clone());
        }
        found
    }

    /// A settings file read once; one that cannot be used is said, fails the run, and leaves the
    /// defaults in force.
    fn file(&mut self, path: &Path) -> Arc<Config> {
        if let Some(c) = self.by_file.get(path) {
            return c.clone();
        }
        let shown = path.display();
        let config = match Config::load(path) {
            Ok((config, problems)) => {
                for p in problems {
                    eprintln!("gongkai: {shown}: {p}(已忽略 ignored)");
                }
                config
            }
            Err(e) => {
                eprintln!("gongkai: {shown}: {e};使用默认设置 / defaults in force");
                self.failed = true;
                Config::default()
            }
        };
        let config = Arc::new(config);
        self.by_file.insert(path.to_path_buf(), config.clone());
        config
    }
}
