//! The dump tokenizer on small inputs: every escape and literal kind with its exact value,
//! comments and statements skipped, charsets, errors with line and column, and no panic on
//! any input.

use proptest::prelude::*;
use pustaka_inlislite::dump::{tokenize, ColumnKind, DumpError, Event, Value};

const TABLE: &str = "CREATE TABLE `t` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `s` varchar(255) DEFAULT NULL,
  `d` datetime DEFAULT NULL,
  `b` bit(1) DEFAULT b'0',
  `bin` blob,
  `n` decimal(10,2) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
";

fn rows(sql: &[u8]) -> Vec<Vec<Value>> {
    tokenize(sql)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            Event::Row(r) => Some(r.values),
            _ => None,
        })
        .collect()
}

/// The value of `s` in a one-row insert of `literal`.
fn string(literal: &[u8]) -> Value {
    let mut sql = TABLE.as_bytes().to_vec();
    sql.extend_from_slice(b"INSERT INTO `t` (`s`) VALUES (");
    sql.extend_from_slice(literal);
    sql.extend_from_slice(b");\n");
    rows(&sql).remove(0).remove(0)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

#[test]
fn every_mysql_string_escape_has_its_exact_value() {
    assert_eq!(string(br"'it\'s'"), text("it's"));
    assert_eq!(string(br"'it''s'"), text("it's"));
    assert_eq!(string(br"'a\\b'"), text("a\\b"));
    assert_eq!(string(br"'a\nb'"), text("a\nb"));
    assert_eq!(string(br"'a\rb'"), text("a\rb"));
    assert_eq!(string(br"'a\tb'"), text("a\tb"));
    assert_eq!(string(br"'a\0b'"), text("a\0b"));
    assert_eq!(string(br"'a\Zb'"), text("a\u{1A}b"));
    assert_eq!(string(br"'a\bb'"), text("a\u{8}b"));
    assert_eq!(string(br#"'say \"hi\"'"#), text("say \"hi\""));
    assert_eq!(string(br"'100\% \_x'"), text("100\\% \\_x"));
    assert_eq!(string(br"'\q'"), text("q"));
    assert_eq!(
        string(br#""double ""quoted"" \'""#),
        text("double \"quoted\" '")
    );
    assert_eq!(string(b"'multi\nline;(),'"), text("multi\nline;(),"));
    assert_eq!(string("'Rémy – تفسير'".as_bytes()), text("Rémy – تفسير"));
    assert_eq!(string(b"''"), text(""));
}

#[test]
fn null_numbers_and_literals_have_their_exact_values() {
    assert_eq!(string(b"NULL"), Value::Null);
    assert_eq!(string(b"null"), Value::Null);
    assert_eq!(string(b"42"), Value::Int(42));
    assert_eq!(string(b"-7"), Value::Int(-7));
    assert_eq!(string(b"12.50"), Value::Number("12.50".into()));
    assert_eq!(string(b"1.5e-3"), Value::Number("1.5e-3".into()));
    assert_eq!(
        string(b"18446744073709551615"),
        Value::Number("18446744073709551615".into())
    );
    assert_eq!(string(b"TRUE"), Value::Int(1));
    assert_eq!(string(b"nUlL"), Value::Null);
    assert_eq!(string(b"False"), Value::Int(0));
    assert_eq!(string(b"_binary 'a\\0b'"), Value::Bytes(b"a\0b".to_vec()));
    assert_eq!(string(b"_utf8mb4 'x'"), text("x"));
    assert_eq!(string(b"0x414243"), text("ABC"));
    assert_eq!(string(b"X'00ff'"), Value::Bytes(vec![0, 0xff]));
    assert_eq!(string(b"b'101'"), Value::Int(5));
    assert_eq!(string(b"0b11"), Value::Int(3));
}

#[test]
fn column_types_decide_bits_blobs_and_zero_dates() {
    let mut sql = TABLE.as_bytes().to_vec();
    sql.extend_from_slice(
        b"INSERT INTO `t` VALUES (1,'x','0000-00-00 00:00:00','\x01','\x00\xff',1.50),(2,NULL,'2025-01-02 03:04:05','\\0',0xC0FF,NULL);\n",
    );
    let events = tokenize(&sql).unwrap();
    let Event::CreateTable(def) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(def.name, "t");
    assert_eq!(def.charset, "utf8mb4");
    assert_eq!(def.primary_key, vec!["id".to_string()]);
    let kinds: Vec<ColumnKind> = def.columns.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ColumnKind::Integer,
            ColumnKind::Text,
            ColumnKind::DateTime,
            ColumnKind::Bit,
            ColumnKind::Binary,
            ColumnKind::Decimal
        ]
    );
    assert_eq!(def.columns[1].sql_type, "varchar(255)");
    let rows: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Row(r) => Some(r.values.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        rows[0],
        vec![
            Value::Int(1),
            text("x"),
            Value::ZeroDate("0000-00-00 00:00:00".into()),
            Value::Int(1),
            Value::Bytes(vec![0, 0xff]),
            Value::Number("1.50".into())
        ]
    );
    assert_eq!(rows[1][3], Value::Int(0));
    assert_eq!(rows[1][4], Value::Bytes(vec![0xC0, 0xFF]));
    let warnings: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Warning(w) => Some(w.message.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("zero date"), "{warnings:?}");
}

#[test]
fn comments_and_other_statements_are_skipped() {
    let sql = b"/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump\n--\n# hash comment\n\
/*!40101 SET NAMES utf8mb4 */;\nSET @a = 'x;y';\nDROP TABLE IF EXISTS `t`;\n\
/* plain ; comment */\nLOCK TABLES `t` WRITE;\n/*!40000 ALTER TABLE `t` DISABLE KEYS */;\n\
INSERT INTO `t` VALUES (1,'a'),\n(2,'b');\nUNLOCK TABLES;\n\
DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; END ;;\nDELIMITER ;\n\
INSERT IGNORE INTO `db`.`t` (`x`, `y`) VALUES (3, 'c');\n";
    let rows: Vec<_> = tokenize(sql)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            Event::Row(r) => Some((r.table.to_string(), r.columns.to_vec(), r.values, r.at.line)),
            _ => None,
        })
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].0, "t");
    assert_eq!(rows[0].1, vec!["column_1", "column_2"]);
    assert_eq!(rows[1].2, vec![Value::Int(2), text("b")]);
    assert_eq!(rows[1].3, 12);
    assert_eq!(rows[2].1, vec!["x", "y"]);
    assert_eq!(rows[2].2, vec![Value::Int(3), text("c")]);
}

#[test]
fn latin1_tables_are_read_as_cp1252_and_utf8_in_them_is_repaired() {
    let table =
        "CREATE TABLE `m` (`id` int, `name` varchar(50)) ENGINE=MyISAM DEFAULT CHARSET=latin1;\n";
    // A latin1 dump: bytes are cp1252; UTF-8 bytes in it were stored by a UTF-8 client.
    let mut sql = b"/*!40101 SET NAMES latin1 */;\n".to_vec();
    sql.extend_from_slice(table.as_bytes());
    sql.extend_from_slice(b"INSERT INTO `m` VALUES (1,'R\xe9my \x93x\x94'),(2,'R\xc3\xa9my');\n");
    let events = tokenize(&sql).unwrap();
    let values: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Row(r) => Some(r.values[1].clone()),
            _ => None,
        })
        .collect();
    assert_eq!(values, vec![text("Rémy “x”"), text("Rémy")]);
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::Warning(_)))
            .count(),
        1
    );
    // A UTF-8 dump of the same table: the server turned each stored byte into a character.
    let mut sql = table.as_bytes().to_vec();
    sql.extend_from_slice("INSERT INTO `m` VALUES (1,'Rémy'),(2,'RÃ©my â€“ x');\n".as_bytes());
    assert_eq!(
        rows(&sql)
            .into_iter()
            .map(|r| r[1].clone())
            .collect::<Vec<_>>(),
        vec![text("Rémy"), text("Rémy – x")]
    );
}

fn syntax_at(sql: &[u8]) -> (u64, u64, String) {
    match tokenize(sql) {
        Err(DumpError::Syntax { at, message }) => (at.line, at.column, message),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn a_malformed_dump_is_an_error_naming_line_and_column() {
    let (line, column, message) =
        syntax_at(b"-- dump\nINSERT INTO `t` VALUES (1,'a'),\n(2,'b' 'c');\n");
    assert_eq!((line, column), (3, 8), "{message}");
    assert!(message.contains("expected ',' or ')'"), "{message}");

    let (line, column, _) = syntax_at(b"INSERT INTO `t` VALUES (1,'never closed);\n");
    assert_eq!((line, column), (1, 28));

    let (line, column, message) = syntax_at(b"\n\n  INSERT INTO `t` VALUES (1, @x);");
    assert_eq!((line, column), (3, 30), "{message}");

    let (line, column, _) = syntax_at(b"SET x = 1;\n)");
    assert_eq!((line, column), (2, 1));

    let (line, _, message) = syntax_at(b"INSERT INTO `t` VALUES (1),(2)");
    assert_eq!(line, 1);
    assert!(message.contains("not terminated"), "{message}");

    let (line, _, _) = syntax_at(b"/* open comment\n\n");
    assert_eq!(line, 1);

    // A word that is not NULL, TRUE or FALSE, short or long, is named where it starts.
    let (line, column, message) = syntax_at(b"INSERT INTO `t` VALUES (1, NUL);");
    assert_eq!(
        (line, column, message.as_str()),
        (1, 28, "expected a value, found NUL")
    );
    let (line, column, message) = syntax_at(b"INSERT INTO `t` VALUES\n(NULLIFIED, 2);");
    assert_eq!(
        (line, column, message.as_str()),
        (2, 2, "expected a value, found NULLIFIED")
    );

    // The error is also in the message people see.
    let e = tokenize(b"SET a=1;\n INSERT INTO t VALUES (1 2);").unwrap_err();
    assert_eq!(e.position().line, 2);
    assert!(e.to_string().contains("line "), "{e}");
}

fn demo() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/inlislite/perpus-demo.sql");
    let all = std::fs::read(path).unwrap();
    // The first 60 kB: many tables, definitions and extended inserts.
    all[..60_000.min(all.len())].to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = tokenize(&bytes);
    }

    #[test]
    fn sql_like_bytes_never_panic(parts in proptest::collection::vec(
        prop_oneof![
            Just(&b"INSERT INTO `t` VALUES "[..]), Just(&b"("[..]), Just(&b")"[..]),
            Just(&b","[..]), Just(&b";"[..]), Just(&b"'"[..]), Just(&b"\\"[..]),
            Just(&b"/*"[..]), Just(&b"*/"[..]), Just(&b"-- "[..]), Just(&b"\n"[..]),
            Just(&b"NULL"[..]), Just(&b"0x"[..]), Just(&b"b'"[..]), Just(&b"_binary "[..]),
            Just(&b"CREATE TABLE `t` (`a` bit(1), `d` date) CHARSET=latin1"[..]),
            Just(&b"12.5e"[..]), Just(&b"DELIMITER ;;\n"[..]), Just(&b"`"[..]), Just(&b"\xc3"[..]),
        ], 0..40)) {
        let bytes: Vec<u8> = parts.concat();
        let _ = tokenize(&bytes);
    }

    #[test]
    fn mutations_of_the_real_dump_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = demo();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        let end = cut.index(bytes.len() + 1);
        let _ = tokenize(&bytes[..end.max(bytes.len() / 2)]);
    }
}
