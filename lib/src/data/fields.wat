;; The fast path of the CSV reader for files with text columns (movies.csv, tags.csv): whole simple
;; rows split, their number fields parsed into column stages and their text fields copied, one
;; column after another, each followed by a LF, so that a column's strings come from one decode
;; and one split instead of JavaScript running per row before V8 has compiled it. A row is taken
;; only when it is simple: the file's number of fields, a one-byte delimiter between them and a LF
;; after the last; each field unquoted without quote bytes or (with quoting on) quoted on one line
;; with every inner quote doubled and the closing quote right before the delimiter or the LF; a
;; number field unquoted [-]digits[.digits] within its bounds; a text field not empty. Anything
;; else (CR, an empty line, a line break inside quotes, a stray quote, too few or too many fields,
;; a bad or out-of-range number, an empty text, a row running past the buffer or the text stage)
;; ends the run at the start of that row, for the JavaScript scanner to read or report.
;; Regenerate lib/src/data/fields-wasm.ts after editing: node scripts/build-kernel-wasm.mjs.
;;
;; rows(p, len, fields, delimiter, quotes, specs, pow10, bounds, out, stride, text, textCap, cursors, maxRows) → rows read
;;   p, len:   byte offsets of the text in memory (rows from p, none past len)
;;   quotes:   1 when a field may be quoted with "
;;   specs:    per field, 32 bytes: i32 kind (0: not read, 1: number, 2: text), i32 isInt,
;;             f64 min, f64 max, i32 isInt32Column, i32 store (0: f64, 1: i32 truncated toward
;;             zero, 2: f32 rounded to nearest; as a JS typed array stores)
;;   pow10:    f64 10^0 … 10^22
;;   bounds:   room for four i32 per field (the current row's text fields: start and end of the
;;             content, whether it was quoted)
;;   out:      number fields' values in their store type: field f's stage starts at
;;             out + 8 · f · stride, row r at 8 · r (f64) or 4 · r (i32, f32) from there
;;   text:     field f's text stage starts at text + f · textCap: its fields' content, quotes
;;             undoubled, each followed by a LF; cursors (an i32 per field) are left at their ends
;;   maxRows:  stop after this many rows
;; The global `end` is left at the byte after the last row read (or p when none).
(module
  (import "env" "memory" (memory 1))
  (global $end (export "end") (mut i32) (i32.const 0))
  (func (export "rows")
    (param $p i32) (param $len i32) (param $fields i32) (param $delimiter i32) (param $quotes i32)
    (param $specs i32) (param $pow10 i32) (param $bounds i32) (param $out i32) (param $stride i32)
    (param $text i32) (param $textCap i32) (param $cursors i32) (param $maxRows i32) (result i32)
    (local $rows i32) (local $f i32) (local $i i32) (local $b i32) (local $start i32) (local $spec i32)
    (local $kind i32) (local $terminator i32) (local $negative i32) (local $digits i32) (local $point i32)
    (local $mantissa i64) (local $value f64) (local $column i32) (local $store i32)
    (local $from i32) (local $to i32) (local $cursor i32) (local $limit i32) (local $quoted i32)
    (global.set $end (local.get $p))
    (local.set $f (i32.const 0))
    (block $cleared (loop $clear
      (br_if $cleared (i32.ge_u (local.get $f) (local.get $fields)))
      (i32.store (i32.add (local.get $cursors) (i32.shl (local.get $f) (i32.const 2))) (i32.const 0))
      (local.set $f (i32.add (local.get $f) (i32.const 1)))
      (br $clear)))
    (block $done (loop $row_loop
      (br_if $done (i32.ge_u (local.get $rows) (local.get $maxRows)))
      (local.set $i (local.get $p))
      ;; an empty line is the JavaScript scanner's
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (local.set $b (i32.load8_u (local.get $i)))
      (br_if $done (i32.or (i32.eq (local.get $b) (i32.const 10)) (i32.eq (local.get $b) (i32.const 13))))
      ;; pass 1: split the row, parse its numbers, note its texts
      (local.set $f (i32.const 0))
      (loop $field_loop
        (local.set $spec (i32.add (local.get $specs) (i32.shl (local.get $f) (i32.const 5))))
        (local.set $kind (i32.load (local.get $spec)))
        (local.set $terminator (select (i32.const 10) (local.get $delimiter) (i32.eq (local.get $f) (i32.sub (local.get $fields) (i32.const 1)))))
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eq (local.get $kind) (i32.const 1))
          (then
            ;; a number: [-]digits[.digits] up to the terminator, 1–15 digits, within bounds
            (local.set $negative (i32.const 0))
            (local.set $mantissa (i64.const 0))
            (local.set $digits (i32.const 0))
            (local.set $point (i32.const -1))
            (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 45))
              (then (local.set $negative (i32.const 1)) (local.set $i (i32.add (local.get $i) (i32.const 1)))))
            (block $number_done (loop $digit_loop
              (br_if $number_done (i32.ge_u (local.get $i) (local.get $len)))
              (local.set $b (i32.load8_u (local.get $i)))
              (if (i32.lt_u (i32.sub (local.get $b) (i32.const 48)) (i32.const 10))
                (then
                  (local.set $mantissa (i64.add (i64.mul (local.get $mantissa) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $b) (i32.const 48)))))
                  (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $digit_loop)))
              (br_if $number_done (i32.or (i32.ne (local.get $b) (i32.const 46)) (i32.or (i32.ge_s (local.get $point) (i32.const 0)) (i32.load offset=4 (local.get $spec)))))
              (local.set $point (local.get $digits))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $digit_loop)))
            (br_if $done (i32.or (i32.eqz (local.get $digits)) (i32.gt_u (local.get $digits) (i32.const 15))))
            (local.set $value (f64.convert_i64_u (local.get $mantissa)))
            (if (i32.and (i32.ge_s (local.get $point) (i32.const 0)) (i32.gt_s (local.get $digits) (local.get $point)))
              (then (local.set $value (f64.div (local.get $value)
                (f64.load (i32.add (local.get $pow10) (i32.shl (i32.sub (local.get $digits) (local.get $point)) (i32.const 3))))))))
            (if (local.get $negative) (then (local.set $value (f64.neg (local.get $value)))))
            (br_if $done (f64.lt (local.get $value) (f64.load offset=8 (local.get $spec))))
            (br_if $done (f64.gt (local.get $value) (f64.load offset=16 (local.get $spec))))
            (if (i32.load offset=24 (local.get $spec))
              (then (br_if $done (i32.or (f64.gt (local.get $value) (f64.const 2147483647)) (f64.lt (local.get $value) (f64.const -2147483648))))))
            (local.set $column (i32.add (local.get $out) (i32.shl (i32.mul (local.get $f) (local.get $stride)) (i32.const 3))))
            (local.set $store (i32.load offset=28 (local.get $spec)))
            (if (i32.eq (local.get $store) (i32.const 1))
              (then (i32.store (i32.add (local.get $column) (i32.shl (local.get $rows) (i32.const 2))) (i32.trunc_f64_s (local.get $value))))
              (else (if (i32.eq (local.get $store) (i32.const 2))
                (then (f32.store (i32.add (local.get $column) (i32.shl (local.get $rows) (i32.const 2))) (f32.demote_f64 (local.get $value))))
                (else (f64.store (i32.add (local.get $column) (i32.shl (local.get $rows) (i32.const 3))) (local.get $value)))))))
          (else
            (if (i32.and (local.get $quotes) (i32.eq (i32.load8_u (local.get $i)) (i32.const 34)))
              (then
                ;; quoted: to the closing quote, "" read as one quote, no line break inside
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (local.set $start (local.get $i))
                (local.set $quoted (i32.const 1))
                (block $closed (loop $quoted_loop
                  (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                  (local.set $b (i32.load8_u (local.get $i)))
                  (br_if $done (i32.or (i32.eq (local.get $b) (i32.const 10)) (i32.eq (local.get $b) (i32.const 13))))
                  (if (i32.eq (local.get $b) (i32.const 34))
                    (then
                      (br_if $done (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $len)))
                      (br_if $closed (i32.ne (i32.load8_u (i32.add (local.get $i) (i32.const 1))) (i32.const 34)))
                      (local.set $i (i32.add (local.get $i) (i32.const 2)))
                      (br $quoted_loop)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $quoted_loop)))
                (local.set $to (local.get $i))
                (local.set $i (i32.add (local.get $i) (i32.const 1))))
              (else
                ;; unquoted: to the delimiter or a line break (a quote inside ends the run)
                (local.set $start (local.get $i))
                (local.set $quoted (i32.const 0))
                (block $field_end (loop $byte_loop
                  (br_if $field_end (i32.ge_u (local.get $i) (local.get $len)))
                  (local.set $b (i32.load8_u (local.get $i)))
                  (br_if $field_end (i32.or (i32.eq (local.get $b) (local.get $delimiter)) (i32.or (i32.eq (local.get $b) (i32.const 10)) (i32.eq (local.get $b) (i32.const 13)))))
                  (br_if $done (i32.and (local.get $quotes) (i32.eq (local.get $b) (i32.const 34))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $byte_loop)))
                (local.set $to (local.get $i))))
            (if (i32.eq (local.get $kind) (i32.const 2))
              (then
                ;; a text: not empty, and room for it and its LF in the stage
                (br_if $done (i32.eq (local.get $start) (local.get $to)))
                (br_if $done (i32.gt_u
                  (i32.add (i32.load (i32.add (local.get $cursors) (i32.shl (local.get $f) (i32.const 2)))) (i32.add (i32.sub (local.get $to) (local.get $start)) (i32.const 1)))
                  (local.get $textCap)))
                (i32.store (i32.add (local.get $bounds) (i32.shl (local.get $f) (i32.const 4))) (local.get $start))
                (i32.store offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $f) (i32.const 4))) (local.get $to))
                (i32.store offset=8 (i32.add (local.get $bounds) (i32.shl (local.get $f) (i32.const 4))) (local.get $quoted))))))
        ;; the field must end in the buffer with the delimiter (the last field: a LF)
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (br_if $done (i32.ne (i32.load8_u (local.get $i)) (local.get $terminator)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br_if $field_loop (i32.lt_u (local.get $f) (local.get $fields))))
      ;; pass 2: the row is whole; copy its texts into their stages
      (local.set $f (i32.const 0))
      (block $copied (loop $copy_loop
        (br_if $copied (i32.ge_u (local.get $f) (local.get $fields)))
        (if (i32.eq (i32.load (i32.add (local.get $specs) (i32.shl (local.get $f) (i32.const 5)))) (i32.const 2))
          (then
            (local.set $from (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $f) (i32.const 4)))))
            (local.set $to (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $f) (i32.const 4)))))
            (local.set $quoted (i32.load offset=8 (i32.add (local.get $bounds) (i32.shl (local.get $f) (i32.const 4)))))
            (local.set $cursor (i32.load (i32.add (local.get $cursors) (i32.shl (local.get $f) (i32.const 2)))))
            (local.set $limit (i32.add (local.get $text) (i32.mul (local.get $f) (local.get $textCap))))
            (block $text_done (loop $text_loop
              (br_if $text_done (i32.ge_u (local.get $from) (local.get $to)))
              (local.set $b (i32.load8_u (local.get $from)))
              (i32.store8 (i32.add (local.get $limit) (local.get $cursor)) (local.get $b))
              (local.set $cursor (i32.add (local.get $cursor) (i32.const 1)))
              ;; past the second quote of a doubled quote in a quoted field
              (local.set $from (i32.add (local.get $from) (select (i32.const 2) (i32.const 1) (i32.and (local.get $quoted) (i32.eq (local.get $b) (i32.const 34))))))
              (br $text_loop)))
            (i32.store8 (i32.add (local.get $limit) (local.get $cursor)) (i32.const 10))
            (i32.store (i32.add (local.get $cursors) (i32.shl (local.get $f) (i32.const 2))) (i32.add (local.get $cursor) (i32.const 1)))))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $copy_loop)))
      (local.set $rows (i32.add (local.get $rows) (i32.const 1)))
      (local.set $p (local.get $i))
      (global.set $end (local.get $p))
      (br $row_loop)))
    (local.get $rows)))
