"""A linear classifier stored as plain arrays, with softmax probabilities.

Trained with scikit-learn's ``LinearSVC``; the softmax temperature is fitted on
out-of-fold decision scores so that confidences mean something (cross-validation on the
training data only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

from nlu.embedded.nbsvm import NbSvc


@dataclass
class LinearModel:
    """Weights ``W`` (features × classes), biases ``b`` and a softmax ``scale``."""

    classes: list[str]
    W: np.ndarray
    b: np.ndarray
    scale: float = 1.0

    def proba(self, ids: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """Class probabilities of one sparse vector."""
        scores = vals @ self.W[ids].astype(np.float32) + self.b if len(ids) else self.b.copy()
        return softmax(scores * self.scale)

    def proba_matrix(self, X: sparse.csr_matrix) -> np.ndarray:
        """Class probabilities of every row of ``X``."""
        return softmax((X @ self.W.astype(np.float32) + self.b) * self.scale)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Softmax along the last axis."""
    z = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def _svc(C: float, balanced: bool = False, nb: bool = False) -> LinearSVC | NbSvc:
    if nb:
        return NbSvc(C=C)
    weight = "balanced" if balanced else None
    return LinearSVC(C=C, class_weight=weight, max_iter=5000, random_state=0)


def _two_columns(scores: np.ndarray) -> np.ndarray:
    return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores


def fit_linear(X: sparse.csr_matrix, y: list[str], C: float = 1.0,
               calibrate: bool = True, balanced: bool = False, nb: bool = False) -> LinearModel:
    """Trains a one-vs-rest linear SVM and fits its softmax scale out of fold.

    ``balanced`` weighs classes inversely to their size (for intents, where reports
    outnumber everything else); ``nb`` trains an NB-SVM instead (``nlu.embedded.nbsvm``;
    for categories, where it routes the shared titles better).
    """
    classes = sorted(set(y))
    if len(classes) == 1:
        return LinearModel(classes, np.zeros((X.shape[1], 1), np.float16), np.zeros(1, np.float32))
    svc = _svc(C, balanced, nb).fit(X, y)
    coef, bias = svc.coef_, svc.intercept_
    if coef.shape[0] == 1:
        coef, bias = np.vstack([-coef, coef]), np.concatenate([-bias, bias])
    scale = _fit_scale(X, np.asarray(y), classes, C, balanced, nb) if calibrate else 1.0
    return LinearModel(list(svc.classes_), coef.T.astype(np.float16), bias.astype(np.float32),
                       scale)


def _fit_scale(X: sparse.csr_matrix, y: np.ndarray, classes: list[str], C: float,
               balanced: bool, nb: bool = False) -> float:
    """The softmax scale that minimises the out-of-fold negative log-likelihood."""
    smallest = min(int((y == c).sum()) for c in classes)
    folds = (StratifiedKFold(min(5, smallest), shuffle=True, random_state=0) if smallest >= 2
             else KFold(min(5, len(y)), shuffle=True, random_state=0))
    try:
        scores = _two_columns(cross_val_predict(_svc(C, balanced, nb), X, y, cv=folds,
                                                method="decision_function"))
    except ValueError:  # a fold without some class: keep the plain scores
        return 1.0
    index = {c: i for i, c in enumerate(classes)}
    target = np.array([index[c] for c in y])

    def nll(log_scale: float) -> float:
        p = softmax(scores * np.exp(log_scale))
        return float(-np.log(p[np.arange(len(y)), target] + 1e-12).mean())

    return float(np.exp(minimize_scalar(nll, bounds=(-3.0, 4.0), method="bounded").x))
