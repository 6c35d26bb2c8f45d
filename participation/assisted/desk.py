"""What the operator desk offers for a resident, registered by the features (the core does not
know petitions or budgets): each feature adds its acts in its ``ready()``, with the URL name of
its desk page, which takes the resident's id."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DeskAct:
    label: str
    url_name: str
    order: int


_acts: dict[str, DeskAct] = {}


def register_desk_act(*, label, url_name: str, order: int) -> None:
    _acts[url_name] = DeskAct(label=label, url_name=url_name, order=order)


def desk_acts() -> list[DeskAct]:
    return sorted(_acts.values(), key=lambda act: act.order)
