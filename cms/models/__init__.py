"""Wagtail pages of the khokimiyat information centres (residents' questions are ``proposals.questions``)."""

from cms.models.base import BasePage
from cms.models.decisions import DecisionIndexPage, DecisionPage, DecisionStatus
from cms.models.home import HomePage
from cms.models.khokimiyat import KHOKIMIYAT_KINDS, KhokimiyatPage
from cms.models.news import NewsIndexPage, NewsKind, NewsPage, NewsPageTag
from cms.models.services import (
    ACCESSIBILITY_FEATURES,
    CentreKind,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceIndexPage,
    ServicePage,
)
from cms.models.territory_access import TerritoryGroup
from cms.models.workflow_tasks import SecondPersonApprovalTask

__all__ = [
    "ACCESSIBILITY_FEATURES",
    "KHOKIMIYAT_KINDS",
    "BasePage",
    "CentreKind",
    "DecisionIndexPage",
    "DecisionPage",
    "DecisionStatus",
    "HomePage",
    "KhokimiyatPage",
    "NewsIndexPage",
    "NewsKind",
    "NewsPage",
    "NewsPageTag",
    "SecondPersonApprovalTask",
    "ServiceCentreIndexPage",
    "ServiceCentrePage",
    "ServiceIndexPage",
    "ServicePage",
    "TerritoryGroup",
]
