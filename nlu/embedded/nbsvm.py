"""A linear SVM over naive-Bayes-scaled features (NB-SVM, Wang & Manning 2012).

Each class gets its own one-vs-rest SVM trained on the features multiplied by their
log-count ratio ``r`` (how much more often a feature occurs in the class than outside it).
The product ``r * w`` is an ordinary weight vector, so the fitted model is a plain linear
model on the unscaled features: parsing costs exactly what a LinearSVC costs.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.svm import LinearSVC


def log_count_ratio(present: sparse.csr_matrix, inside: np.ndarray,
                    alpha: float = 1.0) -> np.ndarray:
    """``log((p / |p|) / (q / |q|))`` of feature presence inside and outside a class."""
    p = alpha + np.asarray(present[inside].sum(axis=0)).ravel()
    q = alpha + np.asarray(present[~inside].sum(axis=0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


class NbSvc(ClassifierMixin, BaseEstimator):
    """One-vs-rest NB-SVM with LinearSVC's attributes (``coef_``, ``intercept_``)."""

    def __init__(self, C: float = 1.0, alpha: float = 1.0) -> None:
        self.C = C
        self.alpha = alpha

    def fit(self, X: sparse.csr_matrix, y: np.ndarray) -> NbSvc:
        """Trains one scaled SVM per class (a single one for two classes)."""
        X = sparse.csr_matrix(X)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        present = (X > 0).astype(np.float32)
        targets = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        coef, bias = [], []
        for label in targets:
            inside = y == label
            r = log_count_ratio(present, inside, self.alpha)
            svc = LinearSVC(C=self.C, max_iter=5000, random_state=0)
            svc.fit(X.multiply(r).tocsr(), inside)
            coef.append(svc.coef_[0] * r)
            bias.append(svc.intercept_[0])
        self.coef_, self.intercept_ = np.vstack(coef), np.array(bias)
        return self

    def decision_function(self, X: sparse.csr_matrix) -> np.ndarray:
        """Scores per class (one column for two classes, like LinearSVC)."""
        scores = X @ self.coef_.T + self.intercept_
        return scores.ravel() if len(self.classes_) == 2 else scores

    def predict(self, X: sparse.csr_matrix) -> np.ndarray:
        """The class of the highest score."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]
