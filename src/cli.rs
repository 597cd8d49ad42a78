//! Command line: clap parses, this module turns arguments into a plain
//! [`Config`] plus runtime knobs, runs the library, and maps the outcome to
//! an exit code. Data goes to stdout, logs and progress to stderr.
//!
//! Exit codes: 0 ok; 1 finished, but some pages could not be read (see the
//! manifest); 2 fatal (bad arguments, bad config, missing input, unwritable
//! output).

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use scour::config::{self, Config};
use scour::ingest::jsonl::{RawRecord, RecordError};
use scour::ingest::{self, decode, Loaded};
use scour::normalize::Normalizer;
use scour::output::{self, WriteOptions};
use scour::pipeline::{Pipeline, Progress};

/// Turn scraped news pages into clean, deduplicated, canonical documents.
#[derive(Debug, Parser)]
#[command(name = "scour", version, about, propagate_version = true)]
struct Args {
    #[command(subcommand)]
    command: Command,
    /// Worker threads; 0 uses every core.
    #[arg(long, global = true, default_value_t = 0)]
    threads: usize,
    /// No progress bars and no summary on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Config file (TOML). Default: config/scour.toml when it exists, else built-in defaults.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run every stage on folders/files of pages and write the output folder.
    Run {
        /// Files and folders of pages (.html, .htm, .txt, .jsonl, .jsonl.gz); `-` reads JSON Lines (gzipped or not) from stdin. Default: [input] paths of the config.
        inputs: Vec<PathBuf>,
        /// Output folder. Default: [output] dir of the config.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print the run summary as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Clean JSON Lines records (boilerplate removal + normalization): a filter.
    Clean {
        /// JSON Lines files (.jsonl or .jsonl.gz); `-` or nothing reads stdin.
        inputs: Vec<PathBuf>,
        /// Write here instead of stdout (`-` is stdout).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Summarize an existing output folder and rebuild its report.html (no rerun).
    Report {
        /// The output folder of a run.
        dir: PathBuf,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Only print the summary; leave report.html as it is.
        #[arg(long)]
        no_html: bool,
    },
    /// Explain why two pages were or were not grouped (duplicates, events).
    Explain {
        /// A page id of the output folder, or a file.
        a: String,
        /// Another page id, or file.
        b: String,
        /// Output folder of a run to take pages and statistics from. Default: [output] dir of the config when it holds a run.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print the explanation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Normalize text line by line (Unicode, spaces, invisibles): a filter.
    Normalize {
        /// Text file; `-` or nothing reads stdin.
        input: Option<PathBuf>,
        /// Write here instead of stdout (`-` is stdout).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match dispatch(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("scour: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn load_config(path: Option<&Path>, quiet: bool) -> Result<Config> {
    let cfg = match path {
        Some(p) => Config::load(p)?,
        None if Path::new(config::DEFAULT_PATH).is_file() => {
            Config::load(Path::new(config::DEFAULT_PATH))?
        }
        None => {
            if !quiet {
                eprintln!(
                    "scour: no {} here; using built-in defaults",
                    config::DEFAULT_PATH
                );
            }
            Config::default()
        }
    };
    Ok(cfg)
}

fn dispatch(args: Args) -> Result<ExitCode> {
    let cfg = load_config(args.config.as_deref(), args.quiet)?;
    match args.command {
        Command::Run {
            inputs,
            output,
            json,
        } => run(&cfg, inputs, output, json, args.threads, args.quiet),
        Command::Clean { inputs, output } => clean(&cfg, &inputs, output.as_deref(), args.threads),
        Command::Normalize { input, output } => {
            normalize(&cfg, input.as_deref(), output.as_deref())
        }
        Command::Report { dir, json, no_html } => report(&dir, json, no_html, args.quiet),
        Command::Explain { a, b, output, json } => explain(&cfg, &a, &b, output, json),
    }
}

/// indicatif bars on stderr, only when stderr is a terminal and not `--quiet`.
struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    visible: bool,
}

impl Bars {
    fn new(quiet: bool) -> Self {
        Self {
            bar: Mutex::new(None),
            visible: !quiet && io::stderr().is_terminal(),
        }
    }
}

impl Progress for Bars {
    fn stage(&self, name: &'static str, total: usize) {
        if !self.visible {
            return;
        }
        // A step of one unit (clustering) has no count to show: a spinner
        // with the elapsed time says it is alive. A step whose size is not
        // known ahead (pages of JSON Lines files still being read) counts
        // what it has done.
        let bar = if total <= 1 {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let template = if total == 0 {
                "{prefix:>12} {spinner} {pos} pages {per_sec} {elapsed}"
            } else {
                "{prefix:>12} {spinner} {elapsed}"
            };
            b.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            b.enable_steady_tick(std::time::Duration::from_millis(120));
            b
        } else {
            let b = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{prefix:>12} [{bar:40}] {pos}/{len} {per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b
        };
        bar.set_prefix(name);
        if let Ok(mut b) = self.bar.lock() {
            *b = Some(bar);
        }
    }
    fn tick(&self) {
        if let Ok(b) = self.bar.lock() {
            if let Some(b) = b.as_ref() {
                b.inc(1);
            }
        }
    }
    fn done(&self) {
        if let Ok(mut b) = self.bar.lock() {
            if let Some(b) = b.take() {
                b.finish_and_clear();
            }
        }
    }
}

fn run(
    cfg: &Config,
    inputs: Vec<PathBuf>,
    output: Option<PathBuf>,
    json: bool,
    threads: usize,
    quiet: bool,
) -> Result<ExitCode> {
    let inputs = if inputs.is_empty() {
        cfg.input.paths.clone()
    } else {
        inputs
    };
    if inputs.is_empty() {
        bail!("no input: name files or folders, or set [input] paths in the config");
    }
    let out_dir = output.unwrap_or_else(|| cfg.output.dir.clone());
    let start = Instant::now();
    let bars = Bars::new(quiet);
    let run = Pipeline::new(cfg).run(&inputs, threads, &bars)?;
    output::write_run(
        &out_dir,
        &run,
        WriteOptions {
            docs: cfg.output.docs,
            removed: cfg.output.removed,
            html: cfg.output.html,
        },
    )
    .with_context(|| format!("cannot write output folder '{}'", out_dir.display()))?;
    let t = &run.report.totals;
    let secs = start.elapsed().as_secs_f64();
    if json {
        let summary = serde_json::json!({
            "output": out_dir.display().to_string(),
            "totals": t,
            "seconds": (secs * 1000.0).round() / 1000.0,
        });
        println!("{summary}");
    } else if !quiet {
        eprintln!(
            "scour: {} pages -> {} documents ({} duplicates, {} events of which {} multi-document), {} empty, {} errors, {} files skipped; {:.2}s; output in {}",
            t.pages, t.canonical, t.duplicates, t.events, t.multi_document_events, t.empty, t.errors, t.skipped_files, secs, out_dir.display()
        );
        if t.errors > 0 {
            eprintln!(
                "scour: {} pages could not be read; see status \"error\" in {}",
                t.errors,
                out_dir.join("manifest.jsonl").display()
            );
        }
    }
    let code = if t.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // Everything is written. Freeing every document's strings one by one
    // would take a large run tens of milliseconds (seconds at millions of
    // pages) just before the process ends and the system frees it all at
    // once.
    std::mem::forget(run);
    Ok(code)
}

/// `scour report DIR`: the summary of a run from its files, and its
/// report.html rebuilt from them.
fn report(dir: &Path, json: bool, no_html: bool, quiet: bool) -> Result<ExitCode> {
    let (run, found) = output::read::read_run(dir)?;
    let html_path = dir.join(output::html::FILE_NAME);
    if !no_html {
        output::html::write(&html_path, &run)
            .with_context(|| format!("cannot write '{}'", html_path.display()))?;
        if !quiet {
            eprintln!("scour: wrote {}", html_path.display());
        }
    }
    let t = &run.report.totals;
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    for m in &run.manifest {
        if matches!(m.status, output::Status::Empty | output::Status::Error) {
            let r = m.reason.as_deref().unwrap_or("no reason given");
            let r = r.split(';').next().unwrap_or(r).trim();
            *reasons
                .entry(format!(
                    "{}: {r}",
                    serde_json::to_value(m.status)?.as_str().unwrap_or("")
                ))
                .or_default() += 1;
        }
    }
    let mut reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out = io::stdout().lock();
    if json {
        let v = serde_json::json!({
            "dir": dir.display().to_string(),
            "totals": t,
            "reasons": reasons.iter().map(|(r, n)| serde_json::json!({"reason": r, "pages": n})).collect::<Vec<_>>(),
            "largest_events": run.report.events.iter().filter(|e| e.members.len() > 1).map(|e| serde_json::json!({"id": e.id, "documents": e.members.len(), "canonical": e.canonical})).collect::<Vec<_>>(),
            "removed_audit": found.removed,
            "html": (!no_html).then(|| html_path.display().to_string()),
        });
        writeln!(out, "{v}")?;
    } else {
        writeln!(out, "output folder: {}", dir.display())?;
        writeln!(out, "pages read:            {}", t.pages)?;
        writeln!(out, "canonical documents:   {}", t.canonical)?;
        writeln!(
            out,
            "duplicates:            {} in {} groups",
            t.duplicates, t.duplicate_groups
        )?;
        writeln!(
            out,
            "events:                {} ({} with two or more documents)",
            t.events, t.multi_document_events
        )?;
        writeln!(out, "empty pages:           {}", t.empty)?;
        writeln!(out, "error pages:           {}", t.errors)?;
        writeln!(out, "files skipped:         {}", t.skipped_files)?;
        writeln!(
            out,
            "blocks removed:        {}{}",
            t.removed_blocks,
            if found.removed {
                ""
            } else {
                " (removed.jsonl not written: no audit)"
            }
        )?;
        if !reasons.is_empty() {
            writeln!(out, "empty and error pages by reason:")?;
            for (r, n) in reasons.iter().take(20) {
                writeln!(out, "  {n:>6}  {r}")?;
            }
        }
        if !no_html {
            writeln!(out, "report: {}", html_path.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `scour explain A B`: why two pages were or were not grouped.
fn explain(
    cfg: &Config,
    a: &str,
    b: &str,
    output: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode> {
    let dir = match output {
        Some(d) => Some(d),
        // The configured output folder, when a run is there.
        None => Some(cfg.output.dir.clone()).filter(|d| d.join("report.json").is_file()),
    };
    let ex = output::explain::explain(cfg, a, b, dir.as_deref())?;
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &ex)?;
        writeln!(out)?;
    } else {
        write!(out, "{ex}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn open_output(output: Option<&Path>) -> Result<Box<dyn Write + Send>> {
    // Output lines carry whole pages: a larger buffer means fewer writes.
    const BUF: usize = 256 << 10;
    Ok(match output {
        None => Box::new(BufWriter::with_capacity(BUF, io::stdout())),
        Some(p) if p == Path::new("-") => Box::new(BufWriter::with_capacity(BUF, io::stdout())),
        Some(p) => Box::new(BufWriter::with_capacity(
            BUF,
            File::create(p).with_context(|| format!("cannot create '{}'", p.display()))?,
        )),
    })
}

fn open_input(p: &Path) -> Result<Box<dyn BufRead + Send>> {
    // Pages are long lines: a larger buffer means fewer reads per line.
    const BUF: usize = 256 << 10;
    if p == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(BUF, io::stdin())));
    }
    let f = File::open(p).with_context(|| format!("cannot open input '{}'", p.display()))?;
    if p.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(BufReader::with_capacity(
            BUF,
            flate2::read::MultiGzDecoder::new(f),
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(BUF, f)))
    }
}

/// A batch of `scour clean` input: at most this many lines...
const BATCH_LINES: usize = 512;
/// ...and this many bytes once a line has been read, so that the batch's
/// buffer, reused from batch to batch, stays small on pages of HTML.
const BATCH_BYTES: usize = 8 << 20;

/// A batch of input lines: each line's number and its span in the batch's
/// buffer, and the read error that ended the input after them, if any.
struct Batch {
    lines: Vec<(usize, std::ops::Range<usize>)>,
    error: Option<anyhow::Error>,
}

/// The next batch of lines from `reader` into `data` (cleared first). No
/// lines and no error: the end of the input. A read error ends the batch:
/// the lines before it are still cleaned and written.
fn read_batch(
    reader: &mut (dyn BufRead + Send),
    data: &mut Vec<u8>,
    line_no: &mut usize,
    name: &str,
) -> Batch {
    data.clear();
    let mut lines = Vec::with_capacity(64);
    while lines.len() < BATCH_LINES && data.len() < BATCH_BYTES {
        let start = data.len();
        match reader.read_until(b'\n', data) {
            Ok(0) => break,
            Ok(_) => {
                *line_no += 1;
                lines.push((*line_no, start..data.len()));
            }
            Err(e) => {
                // A partial line before the error is not a record.
                data.truncate(start);
                let error = anyhow::Error::new(e)
                    .context(format!("cannot read '{name}' after line {line_no}"));
                return Batch {
                    lines,
                    error: Some(error),
                };
            }
        }
    }
    Batch { lines, error: None }
}

/// `scour clean`: one output line per input line, in order; a record that
/// cannot be cleaned gets an `error` field and the stream goes on.
fn clean(
    cfg: &Config,
    inputs: &[PathBuf],
    output: Option<&Path>,
    threads: usize,
) -> Result<ExitCode> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let pipeline = Pipeline::new(cfg);
    let mut out = open_output(output)?;
    let dest = match output {
        Some(p) if p != Path::new("-") => format!("'{}'", p.display()),
        _ => "standard output".to_string(),
    };
    let inputs: Vec<PathBuf> = if inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        inputs.to_vec()
    };
    let mut failed = 0usize;
    for input in &inputs {
        let name = if input == Path::new("-") {
            "<stdin>".to_string()
        } else {
            input.display().to_string()
        };
        let mut reader = open_input(input)?;
        let mut line_no = 0usize;
        // Two buffers, each reused: a line is a span of one, so a long line
        // is not copied each time its own buffer would grow. While the
        // workers clean one batch, the previous batch's lines are written
        // and the next batch is read into the other buffer.
        let (mut data, mut next_data) = (Vec::new(), Vec::new());
        let mut batch = read_batch(&mut *reader, &mut data, &mut line_no, &name);
        let mut done: Vec<Option<CleanLine>> = Vec::new();
        while !batch.lines.is_empty() {
            // A read error ends the input after this batch.
            let stop = batch.error.take();
            let (lines, next) = pool.install(|| {
                rayon::join(
                    || {
                        scour::pipeline::par_map(&batch.lines, |(n, span)| {
                            clean_line(&pipeline, &name, *n, &data[span.clone()])
                        })
                    },
                    || -> Result<Batch> {
                        write_lines(&mut out, std::mem::take(&mut done), &mut failed, &dest)?;
                        Ok(match stop {
                            Some(_) => Batch {
                                lines: Vec::new(),
                                error: None,
                            },
                            None => read_batch(&mut *reader, &mut next_data, &mut line_no, &name),
                        })
                    },
                )
            });
            done = lines;
            batch = next?;
            if let Some(e) = stop {
                write_lines(&mut out, done, &mut failed, &dest)?;
                out.flush()
                    .with_context(|| format!("cannot write {dest}"))?;
                return Err(e);
            }
            std::mem::swap(&mut data, &mut next_data);
        }
        write_lines(&mut out, done, &mut failed, &dest)?;
        if let Some(e) = batch.error {
            out.flush()
                .with_context(|| format!("cannot write {dest}"))?;
            return Err(e);
        }
    }
    out.flush()
        .with_context(|| format!("cannot write {dest}"))?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A `scour clean` output line and whether it is an error (see [`clean_line`]).
type CleanLine = (Vec<u8>, bool);

/// Write `lines` (a blank input line has none), counting the errors.
/// `dest` names the output in an error.
fn write_lines(
    out: &mut dyn Write,
    lines: Vec<Option<CleanLine>>,
    failed: &mut usize,
    dest: &str,
) -> Result<()> {
    for (line, error) in lines.into_iter().flatten() {
        *failed += usize::from(error);
        out.write_all(&line)
            .and_then(|()| out.write_all(b"\n"))
            .with_context(|| format!("cannot write {dest}"))?;
    }
    Ok(())
}

/// One `scour clean` output line (without its newline) and whether the
/// record got an `error` field; `None` for a blank input line.
fn clean_line(pipeline: &Pipeline, name: &str, n: usize, buf: &[u8]) -> Option<CleanLine> {
    if buf.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let line_error = |msg: String| {
        let v = serde_json::json!({"line": n, "error": msg});
        Some((serde_json::to_vec(&v).expect("writing to memory"), true))
    };
    let source = format!("{name}:{n}");
    // Fields are carried as written; only the page's own fields are parsed.
    let mut record = match RawRecord::parse(buf) {
        Ok(r) => r,
        Err(RecordError::NotObject) => return line_error("expected a JSON object".into()),
        Err(RecordError::Syntax(e)) => return line_error(format!("invalid JSON: {e}")),
    };
    let loaded = match record.page_object() {
        Ok(obj) => ingest::jsonl::page_from_map(obj, &source, &source, name),
        Err(e) => return line_error(format!("invalid JSON: {e}")),
    };
    let mut failed = false;
    match loaded {
        Loaded::Failed(f) => {
            record.insert("error", Value::String(f.reason));
            failed = true;
        }
        Loaded::Page(page, _) => {
            let (doc, meta) = pipeline.clean_page_meta(&page);
            let opt = |v: Option<String>| v.map(Value::String).unwrap_or(Value::Null);
            record.insert("text", Value::String(doc.text));
            record.insert("title", opt(doc.title));
            record.insert("date", opt(doc.date));
            record.insert("author", opt(doc.author));
            record.insert("site", Value::String(meta.site_name.unwrap_or(doc.site)));
            // The record's own fields stay as they are: the page's URLs are
            // added only where the record has none.
            if let Some(u) = meta.canonical_url {
                if !record.contains_key("url") {
                    record.insert("url", Value::String(u.clone()));
                }
                if !record.contains_key("canonical_url") {
                    record.insert("canonical_url", Value::String(u));
                }
            }
        }
    }
    let mut out = Vec::with_capacity(buf.len() / 2);
    record.write_to(&mut out);
    Some((out, failed))
}

/// `scour normalize`: text in, normalized text out, line by line, so that
/// line numbers still match the input. The input is one document: legacy
/// encodings and VIQR are detected on all of it, then applied to each line.
/// Notes (lossy text, repairs made) go to stderr.
fn normalize(cfg: &Config, input: Option<&Path>, output: Option<&Path>) -> Result<ExitCode> {
    let mut bytes = Vec::new();
    match input {
        None => io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?,
        Some(p) if p == Path::new("-") => io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?,
        Some(p) => File::open(p)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .with_context(|| format!("cannot read '{}'", p.display()))?,
    };
    let decoded = decode::decode(&bytes, false);
    let normalizer = Normalizer::new(&cfg.normalize);
    let mut out = open_output(output)?;
    let text = decoded.text.replace("\r\n", "\n");
    let plan = normalizer.plan(&text);
    let mut notes: Vec<String> = Vec::new();
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        if lines.peek().is_none() && line.is_empty() {
            break; // the input's final newline
        }
        let n = normalizer.normalize_with(line, &plan);
        for note in n.notes {
            notes.push(format!("line {}: {note}", i + 1));
        }
        out.write_all(n.text.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    for note in notes {
        eprintln!("{note}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batches end at `BATCH_LINES` lines or once `BATCH_BYTES` are read,
    /// and together give back every line, numbered in order, the last one
    /// even without its newline.
    #[test]
    fn batches_cover_every_line_in_order() {
        let long = "x".repeat(BATCH_BYTES / 3);
        let mut input = String::new();
        let mut expected = Vec::new();
        for i in 0..(BATCH_LINES + 7) {
            let line = if i % 100 == 5 {
                long.clone()
            } else {
                format!("{{\"n\":{i}}}")
            };
            expected.push(line.clone());
            input.push_str(&line);
            if i + 1 < BATCH_LINES + 7 {
                input.push('\n');
            }
        }
        let mut reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(input.into_bytes()));
        let (mut data, mut line_no, mut got, mut sizes) =
            (Vec::new(), 0usize, Vec::new(), Vec::new());
        loop {
            let batch = read_batch(&mut *reader, &mut data, &mut line_no, "t");
            assert!(batch.error.is_none());
            let batch = batch.lines;
            if batch.is_empty() {
                break;
            }
            assert!(batch.len() <= BATCH_LINES);
            // A batch passes the byte cap by at most its last line.
            let last = batch.last().unwrap().1.clone();
            assert!(last.start < BATCH_BYTES, "batch went on past the byte cap");
            sizes.push(batch.len());
            for (n, span) in batch {
                assert_eq!(n, got.len() + 1);
                let line = std::str::from_utf8(&data[span]).unwrap();
                got.push(line.trim_end_matches('\n').to_string());
            }
        }
        assert_eq!(got, expected);
        // Three long lines fill a batch: the cap cut batches short.
        assert!(
            sizes.len() > 2 && sizes.iter().any(|&s| s < BATCH_LINES),
            "{sizes:?}"
        );
    }
}
