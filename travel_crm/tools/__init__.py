# Plain-Python calculations, no ORM: each is tested directly.
