;; The vector arithmetic of one word2vec training example, in WebAssembly SIMD (f32x4).
;; Regenerate lib/src/word2vec/kernel-wasm.ts after editing: node scripts/build-kernel-wasm.mjs
;; (needs wat2wasm from wabt: apt-get install wabt).
;;
;; Memory layout (byte offsets chosen by kernel.ts): 0..4000 sigmoid table (1000 f32),
;; 4000..8000 log-sigmoid table, then per-thread scratch, then syn0 and syn1neg rows of
;; `bytes` bytes each (vectorSize rounded up to a multiple of 4 floats, padding kept at 0).
;;
;; step(ctx, nctx, tg, ntg, neu1, work, bytes, alpha, mean) -> loss
;;   ctx:  nctx i32 byte offsets of input rows (syn0): the context (CBOW) or the one input word (skip-gram)
;;   tg:   ntg i32 byte offsets of output rows (syn1neg): the true word first (label 1), then negatives (label 0)
;;   h = sum of the input rows, divided by nctx when mean = 1 (gensim's cbow_mean)
;;   for each target: f = h . out; skipped when |f| >= 6 (gensim); g = (label - sigmoid(f)) * alpha;
;;     work += g * out; out += g * h; loss -= log sigmoid(+-f)
;;   work is divided by nctx when mean = 0 (gensim), then added to every input row.
(module
  (import "env" "memory" (memory 1 65536 shared))
  (func (export "step")
    (param $ctx i32) (param $nctx i32) (param $tg i32) (param $ntg i32)
    (param $neu1 i32) (param $work i32) (param $bytes i32) (param $alpha f32) (param $mean i32)
    (result f32)
    (local $i i32) (local $d i32) (local $row i32) (local $acc v128) (local $gv v128)
    (local $dot f32) (local $g f32) (local $inv f32) (local $loss f32) (local $cell i32) (local $label f32)
    (local $h v128) (local $o v128)

    ;; neu1 = 0, work = 0
    (local.set $d (i32.const 0))
    (block $zero_done (loop $zero
      (br_if $zero_done (i32.ge_u (local.get $d) (local.get $bytes)))
      (v128.store (i32.add (local.get $neu1) (local.get $d)) (v128.const i32x4 0 0 0 0))
      (v128.store (i32.add (local.get $work) (local.get $d)) (v128.const i32x4 0 0 0 0))
      (local.set $d (i32.add (local.get $d) (i32.const 16)))
      (br $zero)))

    ;; neu1 = sum of input rows
    (local.set $i (i32.const 0))
    (block $sum_done (loop $sum
      (br_if $sum_done (i32.ge_u (local.get $i) (local.get $nctx)))
      (local.set $row (i32.load (i32.add (local.get $ctx) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $d (i32.const 0))
      (block $row_done (loop $row_loop
        (br_if $row_done (i32.ge_u (local.get $d) (local.get $bytes)))
        (v128.store (i32.add (local.get $neu1) (local.get $d))
          (f32x4.add
            (v128.load (i32.add (local.get $neu1) (local.get $d)))
            (v128.load (i32.add (local.get $row) (local.get $d)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $row_loop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sum)))

    (local.set $inv (f32.div (f32.const 1) (f32.convert_i32_u (local.get $nctx))))
    (if (i32.and (local.get $mean) (i32.gt_u (local.get $nctx) (i32.const 1)))
      (then
        (local.set $gv (f32x4.splat (local.get $inv)))
        (local.set $d (i32.const 0))
        (block $scale_done (loop $scale
          (br_if $scale_done (i32.ge_u (local.get $d) (local.get $bytes)))
          (v128.store (i32.add (local.get $neu1) (local.get $d))
            (f32x4.mul (v128.load (i32.add (local.get $neu1) (local.get $d))) (local.get $gv)))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (br $scale)))))

    ;; the true word and the negatives
    (local.set $loss (f32.const 0))
    (local.set $i (i32.const 0))
    (block $targets_done (loop $targets
      (br_if $targets_done (i32.ge_u (local.get $i) (local.get $ntg)))
      (local.set $row (i32.load (i32.add (local.get $tg) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $label (select (f32.const 1) (f32.const 0) (i32.eqz (local.get $i))))
      (local.set $acc (v128.const i32x4 0 0 0 0))
      (local.set $d (i32.const 0))
      (block $dot_done (loop $dot_loop
        (br_if $dot_done (i32.ge_u (local.get $d) (local.get $bytes)))
        (local.set $acc
          (f32x4.add (local.get $acc)
            (f32x4.mul
              (v128.load (i32.add (local.get $neu1) (local.get $d)))
              (v128.load (i32.add (local.get $row) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $dot_loop)))
      (local.set $dot
        (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
      (if (i32.and (f32.gt (local.get $dot) (f32.const -6)) (f32.lt (local.get $dot) (f32.const 6)))
        (then
          (local.set $cell (i32.trunc_f32_s (f32.mul (f32.add (local.get $dot) (f32.const 6)) (f32.const 83.333333333))))
          (local.set $g
            (f32.mul
              (f32.sub (local.get $label) (f32.load (i32.shl (local.get $cell) (i32.const 2))))
              (local.get $alpha)))
          ;; loss: -log sigmoid(dot) for the true word, -log sigmoid(-dot) for a negative
          (if (i32.eqz (local.get $i))
            (then (local.set $loss (f32.sub (local.get $loss)
              (f32.load offset=4000 (i32.shl (local.get $cell) (i32.const 2))))))
            (else (local.set $loss (f32.sub (local.get $loss)
              (f32.load offset=4000 (i32.shl
                (i32.trunc_f32_s (f32.mul (f32.sub (f32.const 6) (local.get $dot)) (f32.const 83.333333333)))
                (i32.const 2)))))))
          (local.set $gv (f32x4.splat (local.get $g)))
          (local.set $d (i32.const 0))
          (block $upd_done (loop $upd
            (br_if $upd_done (i32.ge_u (local.get $d) (local.get $bytes)))
            (local.set $o (v128.load (i32.add (local.get $row) (local.get $d))))
            (local.set $h (v128.load (i32.add (local.get $neu1) (local.get $d))))
            (v128.store (i32.add (local.get $work) (local.get $d))
              (f32x4.add (v128.load (i32.add (local.get $work) (local.get $d))) (f32x4.mul (local.get $gv) (local.get $o))))
            (v128.store (i32.add (local.get $row) (local.get $d))
              (f32x4.add (local.get $o) (f32x4.mul (local.get $gv) (local.get $h))))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $upd)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $targets)))

    ;; gensim: with a summed context (mean = 0) the error is divided over the context
    (if (i32.and (i32.eqz (local.get $mean)) (i32.gt_u (local.get $nctx) (i32.const 1)))
      (then
        (local.set $gv (f32x4.splat (local.get $inv)))
        (local.set $d (i32.const 0))
        (block $wscale_done (loop $wscale
          (br_if $wscale_done (i32.ge_u (local.get $d) (local.get $bytes)))
          (v128.store (i32.add (local.get $work) (local.get $d))
            (f32x4.mul (v128.load (i32.add (local.get $work) (local.get $d))) (local.get $gv)))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (br $wscale)))))

    ;; input rows += work
    (local.set $i (i32.const 0))
    (block $apply_done (loop $apply
      (br_if $apply_done (i32.ge_u (local.get $i) (local.get $nctx)))
      (local.set $row (i32.load (i32.add (local.get $ctx) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $d (i32.const 0))
      (block $arow_done (loop $arow
        (br_if $arow_done (i32.ge_u (local.get $d) (local.get $bytes)))
        (v128.store (i32.add (local.get $row) (local.get $d))
          (f32x4.add
            (v128.load (i32.add (local.get $row) (local.get $d)))
            (v128.load (i32.add (local.get $work) (local.get $d)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $arow)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $apply)))
    (local.get $loss)))
