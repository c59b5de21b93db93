;; The fast path of the CSV reader for rows whose every field is a plain number (ratings.csv):
;; [-]digits[.digits] fields, a one-byte delimiter between them and a LF after the last, each value
;; within its column's bounds. Compiled ahead of use, so a file's first rows run as fast as its last
;; (no JIT warm-up) and without a bounds check per byte. Anything else ends the run at the start of
;; that row, for the JavaScript scanner to read or report. Regenerate lib/src/data/numbers-wasm.ts
;; after editing: node scripts/build-kernel-wasm.mjs (needs wat2wasm from wabt).
;;
;; rows(p, len, fields, delimiter, specs, pow10, out, stride, maxRows) → rows read
;;   p, len:   byte offsets of the text in memory (rows from p, none past len)
;;   specs:    per field, 32 bytes: i32 isInt, i32 isInt32Column, f64 min, f64 max, i32 store
;;             (0: f64, 1: i32 truncated toward zero, 2: f32 rounded to nearest; as a JS typed array stores)
;;   pow10:    f64 10^0 … 10^22
;;   out:      column-major values in each field's store type: field f's column starts at
;;             out + 8 · f · stride, row r at 8 · r (f64) or 4 · r (i32, f32) from there
;;   maxRows:  stop after this many rows
;; The global `end` is left at the byte after the last row read (or p when none).
(module
  (import "env" "memory" (memory 1))
  (global $end (export "end") (mut i32) (i32.const 0))
  (func (export "rows")
    (param $p i32) (param $len i32) (param $fields i32) (param $delimiter i32) (param $specs i32)
    (param $pow10 i32) (param $out i32) (param $stride i32) (param $maxRows i32) (result i32)
    (local $rows i32) (local $f i32) (local $i i32) (local $b i32) (local $spec i32)
    (local $negative i32) (local $digits i32) (local $point i32) (local $isInt i32)
    (local $mantissa i64) (local $value f64) (local $terminator i32) (local $column i32) (local $store i32)
    (global.set $end (local.get $p))
    (block $done (loop $row_loop
      (br_if $done (i32.ge_u (local.get $rows) (local.get $maxRows)))
      (local.set $i (local.get $p))
      (local.set $f (i32.const 0))
      (loop $field_loop
        (local.set $spec (i32.add (local.get $specs) (i32.shl (local.get $f) (i32.const 5))))
        (local.set $isInt (i32.load (local.get $spec)))
        (local.set $negative (i32.const 0))
        (local.set $mantissa (i64.const 0))
        (local.set $digits (i32.const 0))
        (local.set $point (i32.const -1))
        (local.set $b (i32.const 0))
        (if (i32.lt_u (local.get $i) (local.get $len))
          (then (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 45))
            (then (local.set $negative (i32.const 1)) (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
        ;; digits, and one point for a float column
        (block $number_done (loop $digit_loop
          (br_if $number_done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $b (i32.load8_u (local.get $i)))
          (if (i32.lt_u (i32.sub (local.get $b) (i32.const 48)) (i32.const 10))
            (then
              (local.set $mantissa (i64.add (i64.mul (local.get $mantissa) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $b) (i32.const 48)))))
              (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $digit_loop)))
          (br_if $number_done (i32.or (i32.ne (local.get $b) (i32.const 46)) (i32.or (i32.ge_s (local.get $point) (i32.const 0)) (local.get $isInt))))
          (local.set $point (local.get $digits))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $digit_loop)))
        ;; the field must end in the buffer with the delimiter (the last field: a LF), after 1–15 digits
        (local.set $terminator (select (i32.const 10) (local.get $delimiter) (i32.eq (local.get $f) (i32.sub (local.get $fields) (i32.const 1)))))
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (br_if $done (i32.ne (i32.load8_u (local.get $i)) (local.get $terminator)))
        (br_if $done (i32.or (i32.eqz (local.get $digits)) (i32.gt_u (local.get $digits) (i32.const 15))))
        (local.set $value (f64.convert_i64_u (local.get $mantissa)))
        (if (i32.and (i32.ge_s (local.get $point) (i32.const 0)) (i32.gt_s (local.get $digits) (local.get $point)))
          (then (local.set $value (f64.div (local.get $value)
            (f64.load (i32.add (local.get $pow10) (i32.shl (i32.sub (local.get $digits) (local.get $point)) (i32.const 3))))))))
        (if (local.get $negative) (then (local.set $value (f64.neg (local.get $value)))))
        ;; bounds (and 32 bits for an int32 column); NaN cannot occur
        (br_if $done (f64.lt (local.get $value) (f64.load offset=8 (local.get $spec))))
        (br_if $done (f64.gt (local.get $value) (f64.load offset=16 (local.get $spec))))
        (if (i32.load offset=4 (local.get $spec))
          (then (br_if $done (i32.or (f64.gt (local.get $value) (f64.const 2147483647)) (f64.lt (local.get $value) (f64.const -2147483648))))))
        (local.set $column (i32.add (local.get $out) (i32.shl (i32.mul (local.get $f) (local.get $stride)) (i32.const 3))))
        (local.set $store (i32.load offset=24 (local.get $spec)))
        (if (i32.eq (local.get $store) (i32.const 1))
          (then (i32.store (i32.add (local.get $column) (i32.shl (local.get $rows) (i32.const 2))) (i32.trunc_f64_s (local.get $value))))
          (else (if (i32.eq (local.get $store) (i32.const 2))
            (then (f32.store (i32.add (local.get $column) (i32.shl (local.get $rows) (i32.const 2))) (f32.demote_f64 (local.get $value))))
            (else (f64.store (i32.add (local.get $column) (i32.shl (local.get $rows) (i32.const 3))) (local.get $value))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br_if $field_loop (i32.lt_u (local.get $f) (local.get $fields))))
      ;; a whole row
      (local.set $rows (i32.add (local.get $rows) (i32.const 1)))
      (local.set $p (local.get $i))
      (global.set $end (local.get $p))
      (br $row_loop)))
    (local.get $rows)))
