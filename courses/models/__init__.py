from .enrolments import REFERENCE_LENGTH, Enrolment, Learner, normalise_reference
from .messages import Message, MessageChannel, MessageKind, MessageStatus
from .pages import CataloguePage, CoursePage
from .partners import Membership, PartnerKind, PartnerOrganisation, normalise_referral_code
from .sessions import Session, Sitting
from .venues import Topic, Venue

__all__ = [
    "REFERENCE_LENGTH",
    "CataloguePage",
    "CoursePage",
    "Enrolment",
    "Learner",
    "Membership",
    "Message",
    "MessageChannel",
    "MessageKind",
    "MessageStatus",
    "PartnerKind",
    "PartnerOrganisation",
    "Session",
    "Sitting",
    "Topic",
    "Venue",
    "normalise_reference",
    "normalise_referral_code",
]
