;;; emacs_eglot_test.el --- Emacs + eglot against `gongkai lsp' (run by .ci/run)
;; emacs --batch -l tests/editors/emacs_eglot_test.el <report>
;; The configuration under test is the README's, verbatim between the markers.
(require 'package)
(package-initialize)
(require 'eglot)
(require 'flymake)
;; --- README: Emacs (eglot) ---
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '((text-mode markdown-mode) . ("gongkai" "lsp"))))
(add-hook 'text-mode-hook #'eglot-ensure)
;; --- end ---
(defun gongkai-test-step (name ok &optional detail)
  (princ (format "%s %s%s\n" (if ok "ok  " "FAIL") name (if detail (format ": %s" detail) "")))
  (unless ok (kill-emacs 1)))
(let ((report (car command-line-args-left)))
  (find-file report)
  (gongkai-test-step "text-mode" (derived-mode-p 'text-mode) major-mode)
  ;; `eglot-ensure' waits for the command loop, which batch mode never runs: start eglot as it
  ;; would, from the contact the configuration above gives, in a project of the file's folder.
  (let ((project-find-functions (list (lambda (dir) (cons 'transient dir)))))
    (apply #'eglot (eglot--guess-contact)))
  (let ((deadline (+ (float-time) 20)) found)
    (while (and (not found) (< (float-time) deadline))
      (accept-process-output nil 0.2)
      (setq found (seq-find (lambda (d) (string-match-p "总计应为 12" (flymake-diagnostic-text d)))
                            (flymake-diagnostics))))
    (gongkai-test-step "eglot connects" (eglot-current-server))
    (gongkai-test-step "row-total arrives through flymake" found)
    (gongkai-test-step "on line 35" (= 35 (line-number-at-pos (flymake-diagnostic-beg found))))
    (gongkai-test-step "it is an error" (eq (flymake-diagnostic-type found) 'eglot-error)
                       (flymake-diagnostic-type found))))
(princ "emacs eglot test passed\n")
(kill-emacs 0)
