"""``sim.inputs.validation``: one formatter of validation errors for every input file."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.inputs.validation import describe_validation_error


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cat(Strict):
    kind: Literal["cat"]
    lives: int = Field(9, ge=1)


class Dog(Strict):
    kind: Literal["dog"]
    tricks: int = 0


class Range(Strict):
    low: float = 0.0
    high: float = 1.0


class Shelter(Strict):
    name: str = Field(pattern=r"^[a-z]+$")
    animals: list[Annotated[Cat | Dog, Field(discriminator="kind")]] = []
    ranges: dict[str, Range] = {}
    capacity: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _fits(self) -> Shelter:
        if self.capacity is not None and len(self.animals) > self.capacity:
            raise ValueError(f"capacity: {len(self.animals)} animals do not fit")
        return self


def describe(data: dict) -> str:
    with pytest.raises(ValidationError) as caught:
        Shelter.model_validate(data)
    return describe_validation_error(caught.value, "shelter.toml", Shelter)


@pytest.mark.parametrize(("data", "expected"), [
    ({"name": "x", "capasity": 3},
     "shelter.toml: key 'capasity': unknown key; allowed keys here: name, animals, ranges, "
     "capacity; did you mean capacity?"),
    ({"name": "x", "ranges": {"age": {"lo": 1}}},
     "key 'ranges.age.lo': unknown key; allowed keys here: low, high; did you mean low?"),
    ({"name": "x", "animals": [{"kind": "cat", "lifes": 3}]},
     "key 'animals[0].lifes': unknown key; allowed keys here: kind, lives; did you mean lives?"),
    ({"name": "x", "animals": [{"kind": "cat", "lives": 0}]},
     "key 'animals[0].lives': Input should be greater than or equal to 1 (got 0)"),
    ({"name": "x", "animals": [{"kind": "cow"}]},
     "key 'animals[0].kind': unknown kind 'cow'; allowed kinds: cat, dog"),
    ({"name": "x", "animals": [{}]}, "key 'animals[0].kind': missing 'kind'; allowed kinds: "
                                     "cat, dog"),
    ({"name": "Rex"}, "key 'name': String should match pattern '^[a-z]+$' (got 'Rex')"),
    ({"name": "x", "capacity": 1, "animals": [{"kind": "dog"}, {"kind": "cat"}]},
     "shelter.toml: key 'capacity': 2 animals do not fit"),
    ({}, "shelter.toml: key 'name': Field required"),
])
def test_each_problem_names_the_file_the_key_and_what_is_allowed(data, expected):
    assert expected in describe(data)


def test_every_problem_gets_its_own_line():
    lines = describe({"name": "Rex", "colour": "red"}).splitlines()
    assert [line.split(": ")[1] for line in lines] == ["key 'name'", "key 'colour'"]


def test_no_suggestion_when_nothing_is_close():
    message = describe({"name": "x", "zzz": 1})
    assert message.endswith("allowed keys here: name, animals, ranges, capacity")
